"""Render a :class:`reports.document.Chapter` as ODT, DOCX (the chapter's text) or ODS, XLSX
(its statistics tables), with odfpy, python-docx and openpyxl.

ODT is the primary format: Taiwan's standard for government documents is ODF (CNS 15251 =
ISO/IEC 26300). Documents are A4 with real paragraph and heading styles (headings carry their
outline level, so navigators and tables of contents work); Chinese text gets a CJK font as the
*Asian* font (``style:font-name-asian`` in ODF, ``w:eastAsia`` on every run in DOCX), without which
word processors fall back to a Latin font's substitution for every Chinese character.
Spreadsheet cells go through :func:`core.spreadsheets.safe_cell`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from odf import opendocument
from odf.style import (
    DefaultStyle,
    FontFace,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableColumnProperties,
    TextProperties,
)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableRow
from odf.text import H, P
from openpyxl import Workbook
from openpyxl.styles import Font

from core.dates import is_chinese
from core.spreadsheets import remove_illegal_characters, safe_cell

from .document import Chapter, Heading

# Fonts: Noto Sans CJK TC is free and installed with LibreOffice on most systems (Debian's
# fonts-noto-cjk); word processors substitute their own CJK font where it is missing.
CJK_FONT = "Noto Sans CJK TC"
LATIN_FONT = "Liberation Serif"
BODY_SIZE_PT = 12
# Heading sizes by outline level, 1 (壹、) to 5 (（1）); the title is larger.
HEADING_SIZES_PT = {1: 16, 2: 14, 3: 13, 4: 12, 5: 12}
TITLE_SIZE_PT = 18
# Indent of the headings below level 2, one step per level, and the first line of body text
# (two characters, as Chinese paragraphs are indented).
INDENT_STEP_CM = 0.85
FIRST_LINE_CM = 0.85


def _language_codes(chapter: Chapter) -> tuple[str, str]:
    return ("zh", "TW") if is_chinese(chapter.language) else ("en", "GB")


def write_odt(chapter: Chapter) -> bytes:
    """The chapter as an OpenDocument text (ODT) file: A4, styles "Title", "Heading 1"–"Heading 5"
    and "Text body", CJK font as the Asian font. Returns the file's bytes."""
    doc = opendocument.OpenDocumentText()
    for font, generic in ((CJK_FONT, "swiss"), (LATIN_FONT, "roman")):
        doc.fontfacedecls.addElement(FontFace(name=font, fontfamily=f"'{font}'",
                                              fontfamilygeneric=generic, fontpitch="variable"))
    language, country = _language_codes(chapter)
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(
        fontname=LATIN_FONT, fontnameasian=CJK_FONT, fontnamecomplex=LATIN_FONT,
        fontsize=f"{BODY_SIZE_PT}pt", fontsizeasian=f"{BODY_SIZE_PT}pt",
        language=language, country=country, languageasian="zh", countryasian="TW",
    ))
    doc.styles.addElement(default)

    standard = Style(name="Standard", family="paragraph", attributes={"class": "text"})
    doc.styles.addElement(standard)
    body = Style(name="Text_20_body", displayname="Text body", family="paragraph",
                 parentstylename="Standard", attributes={"class": "text"})
    body.addElement(ParagraphProperties(textindent=f"{FIRST_LINE_CM}cm", margintop="0cm",
                                        marginbottom="0.2cm", lineheight="150%", textalign="justify"))
    doc.styles.addElement(body)

    def bold(size: int) -> TextProperties:
        return TextProperties(fontsize=f"{size}pt", fontsizeasian=f"{size}pt", fontweight="bold",
                              fontweightasian="bold")

    title = Style(name="Title", family="paragraph", parentstylename="Standard",
                  nextstylename="Text_20_body", attributes={"class": "chapter"})
    title.addElement(ParagraphProperties(textalign="center", marginbottom="0.5cm"))
    title.addElement(bold(TITLE_SIZE_PT))
    doc.styles.addElement(title)
    headings = {}
    for level, size in HEADING_SIZES_PT.items():
        style = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                      parentstylename="Standard", nextstylename="Text_20_body",
                      defaultoutlinelevel=str(level), attributes={"class": "text"})
        style.addElement(ParagraphProperties(
            margintop="0.3cm", marginbottom="0.15cm", keepwithnext="always",
            marginleft=f"{max(level - 2, 0) * INDENT_STEP_CM:.2f}cm"))
        style.addElement(bold(size))
        doc.styles.addElement(style)
        headings[level] = style

    layout = PageLayout(name="A4")
    layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                           margintop="2.5cm", marginbottom="2.5cm", marginleft="2.5cm",
                                           marginright="2.5cm"))
    doc.automaticstyles.addElement(layout)
    doc.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))

    doc.text.addElement(P(stylename=title, text=chapter.title))
    for block in chapter.blocks:
        if isinstance(block, Heading):
            doc.text.addElement(H(outlinelevel=block.level, stylename=headings[block.level],
                                  text=block.label))
        else:
            doc.text.addElement(P(stylename=body, text=block.text))
    _odf_metadata(doc, chapter)
    return _save_odf(doc)


def _odf_metadata(doc: opendocument.OpenDocument, chapter: Chapter) -> None:
    from odf import dc

    doc.meta.addElement(dc.Title(text=chapter.title))
    doc.meta.addElement(dc.Language(text="zh-TW" if is_chinese(chapter.language) else "en"))


def _save_odf(doc: opendocument.OpenDocument) -> bytes:
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _docx_fonts(r_pr) -> None:
    """Set the Latin and East Asian fonts on a ``w:rPr``, dropping theme fonts that override them."""
    fonts = r_pr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def write_docx(chapter: Chapter) -> bytes:
    """The chapter as a Word (DOCX) file: A4, styles "Title", "Heading 1"–"Heading 5" and
    "Normal", the East Asian font set on every style and every run. Returns the file's bytes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Cm(2.5)
    document.core_properties.title = chapter.title
    document.core_properties.language = "zh-TW" if is_chinese(chapter.language) else "en-GB"

    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE_PT)
    _docx_fonts(normal.element.get_or_add_rPr())
    language = OxmlElement("w:lang")
    normal.element.get_or_add_rPr().append(language)
    language.set(qn("w:val"), "zh-TW" if is_chinese(chapter.language) else "en-GB")
    language.set(qn("w:eastAsia"), "zh-TW")
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.5
    sizes = {"Title": TITLE_SIZE_PT, **{f"Heading {level}": pt for level, pt in HEADING_SIZES_PT.items()}}
    for name, size in sizes.items():
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _docx_fonts(style.element.get_or_add_rPr())

    def add(text: str, style: str):
        paragraph = document.add_paragraph(style=style)
        run = paragraph.add_run(remove_illegal_characters(text))
        _docx_fonts(run._element.get_or_add_rPr())
        return paragraph

    add(chapter.title, "Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in chapter.blocks:
        if isinstance(block, Heading):
            paragraph = add(block.label, f"Heading {block.level}")
            paragraph.paragraph_format.left_indent = Cm(max(block.level - 2, 0) * INDENT_STEP_CM)
        else:
            paragraph = add(block.text, "Normal")
            paragraph.paragraph_format.first_line_indent = Cm(FIRST_LINE_CM)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _odf_cell(value: object) -> TableCell:
    value = safe_cell(value)
    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool) or not isinstance(value, int | float):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=str(value)))
        return cell
    cell = TableCell(valuetype="float", value=value)
    cell.addElement(P(text=str(value)))
    return cell


def write_ods(chapter: Chapter) -> bytes:
    """The statistics tables as an OpenDocument spreadsheet (ODS), one sheet per table with a bold
    header row. Returns the file's bytes."""
    doc = opendocument.OpenDocumentSpreadsheet()
    doc.fontfacedecls.addElement(FontFace(name=CJK_FONT, fontfamily=f"'{CJK_FONT}'",
                                          fontfamilygeneric="swiss", fontpitch="variable"))
    default = DefaultStyle(family="table-cell")
    default.addElement(TextProperties(fontnameasian=CJK_FONT, languageasian="zh", countryasian="TW"))
    doc.styles.addElement(default)
    header = Style(name="Header", family="table-cell")
    header.addElement(TextProperties(fontweight="bold", fontweightasian="bold"))
    doc.automaticstyles.addElement(header)
    wide = Style(name="Wide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="5cm"))
    doc.automaticstyles.addElement(wide)
    for table in chapter.tables:
        sheet = OdfTable(name=table.title)
        sheet.addElement(TableColumn(stylename=wide, numbercolumnsrepeated=len(table.columns)))
        row = TableRow()
        for column in table.columns:
            cell = _odf_cell(column)
            cell.setAttribute("stylename", header)
            row.addElement(cell)
        sheet.addElement(row)
        for values in table.rows:
            row = TableRow()
            for value in values:
                row.addElement(_odf_cell(value))
            sheet.addElement(row)
        doc.spreadsheet.addElement(sheet)
    _odf_metadata(doc, chapter)
    return _save_odf(doc)


def write_xlsx(chapter: Chapter) -> bytes:
    """The statistics tables as an Excel (XLSX) workbook, one sheet per table with a bold, frozen
    header row. Returns the file's bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = chapter.title
    for table in chapter.tables:
        sheet = workbook.create_sheet(table.title)
        sheet.append([safe_cell(column) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True, name=CJK_FONT)
        for values in table.rows:
            sheet.append([safe_cell(value) for value in values])
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            # Wide enough for the longest value; CJK characters take about two widths.
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width * 1.8, 8), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Format:
    """A file format the report is written in."""

    extension: str
    content_type: str
    write: Callable[[Chapter], bytes]
    is_text: bool


FORMATS = {
    "odt": Format("odt", "application/vnd.oasis.opendocument.text", write_odt, True),
    "docx": Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   write_docx, True),
    "ods": Format("ods", "application/vnd.oasis.opendocument.spreadsheet", write_ods, False),
    "xlsx": Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx,
                   False),
}


def render(chapter: Chapter, format_name: str) -> bytes:
    """Write ``chapter`` in ``format_name`` (``odt``, ``docx``, ``ods`` or ``xlsx``) and return the
    bytes. Raises ``ValueError`` naming the known formats for anything else."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}; use one of {', '.join(FORMATS)}")
    return FORMATS[format_name].write(chapter)


def file_name(chapter: Chapter, format_name: str) -> str:
    """A download name such as ``2022H2-international-affairs-zh-hant.odt``."""
    return f"{chapter.period}-international-affairs-{chapter.language}.{FORMATS[format_name].extension}"

"""Render a :class:`reports.document.Chapter` as ODT, DOCX (the chapter's text) or ODS, XLSX
(its statistics tables), with odfpy, python-docx and openpyxl.

ODT is the primary format: Taiwan's standard for government documents is ODF (CNS 15251 =
ISO/IEC 26300). Documents are A4 with real paragraph and heading styles (headings carry their
outline level, 1–6, so they take their place in the city's report, and navigators and tables of
contents work); Chinese text gets a CJK font as the *Asian* font (``style:font-name-asian`` in
ODF, ``w:eastAsia`` on every run in DOCX), without which word processors fall back to a Latin
font's substitution for every Chinese character.

Word processors keep one language per script: ODF's ``fo:language`` and OOXML's ``w:val`` are
the language of *Western* (Latin-script) text, ``style:language-asian`` and ``w:eastAsia`` that of
Chinese text. Latin names in a Chinese chapter (Adrian Schrinner, Ralph E. Gonsalves) are
English, and marking them zh-TW makes LibreOffice and Word break them anywhere, as Chinese
breaks (``Ad|rian``); so Western text is always British English and Asian text zh-TW, whatever
the chapter's language, which only the document's metadata states.
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

from .document import Chapter, Heading, Table

# Fonts: Noto Sans CJK TC is free and installed with LibreOffice on most systems (Debian's
# fonts-noto-cjk); word processors substitute their own CJK font where it is missing.
CJK_FONT = "Noto Sans CJK TC"
LATIN_FONT = "Liberation Serif"
BODY_SIZE_PT = 12
# Heading sizes by depth in the chapter (1 a part, 2 a section, 3 an item), whatever outline
# level the chapter starts at; the title is larger.
HEADING_SIZES_PT = {1: 16, 2: 14, 3: 13}
TITLE_SIZE_PT = 18
OUTLINE_LEVELS = range(1, 7)
# Indent of the items (depth 3), and the first line of body text (two characters, as Chinese
# paragraphs are indented).
INDENT_STEP_CM = 0.85
FIRST_LINE_CM = 0.85
# The language of Western text and of Asian text in every document (see the module docstring).
WESTERN_LANGUAGE = ("en", "GB")
ASIAN_LANGUAGE = ("zh", "TW")


def _tag(language: tuple[str, str]) -> str:
    return "-".join(language)


def _metadata_language(language: str) -> str:
    """A document's own language (``zh-hant``, ``en``) as a BCP 47 tag: ``zh-TW`` or ``en-GB``."""
    return _tag(ASIAN_LANGUAGE if is_chinese(language) else WESTERN_LANGUAGE)


def _depths(chapter: Chapter) -> dict[int, int]:
    """Outline level → depth in the chapter, for the levels the chapter uses."""
    return {chapter.outline_level + depth - 1: depth for depth in HEADING_SIZES_PT}


def write_odt(chapter: Chapter) -> bytes:
    """The chapter as an OpenDocument text (ODT) file: A4, styles "Title", "Heading 1"–"Heading 6"
    and "Text body", CJK font as the Asian font, Western text British English; the title
    paragraph only where the chapter prints it. Returns the file's bytes."""
    doc = opendocument.OpenDocumentText()
    for font, generic in ((CJK_FONT, "swiss"), (LATIN_FONT, "roman")):
        doc.fontfacedecls.addElement(FontFace(name=font, fontfamily=f"'{font}'",
                                              fontfamilygeneric=generic, fontpitch="variable"))
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(
        fontname=LATIN_FONT, fontnameasian=CJK_FONT, fontnamecomplex=LATIN_FONT,
        fontsize=f"{BODY_SIZE_PT}pt", fontsizeasian=f"{BODY_SIZE_PT}pt",
        language=WESTERN_LANGUAGE[0], country=WESTERN_LANGUAGE[1],
        languageasian=ASIAN_LANGUAGE[0], countryasian=ASIAN_LANGUAGE[1],
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
    depths = _depths(chapter)
    for level in OUTLINE_LEVELS:
        depth = depths.get(level, min(HEADING_SIZES_PT))
        style = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                      parentstylename="Standard", nextstylename="Text_20_body",
                      defaultoutlinelevel=str(level), attributes={"class": "text"})
        style.addElement(ParagraphProperties(
            margintop="0.3cm", marginbottom="0.15cm", keepwithnext="always",
            marginleft=f"{max(depth - 2, 0) * INDENT_STEP_CM:.2f}cm"))
        style.addElement(bold(HEADING_SIZES_PT[depth]))
        doc.styles.addElement(style)
        headings[level] = style

    layout = PageLayout(name="A4")
    layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                           margintop="2.5cm", marginbottom="2.5cm", marginleft="2.5cm",
                                           marginright="2.5cm"))
    doc.automaticstyles.addElement(layout)
    doc.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))

    if chapter.prints_title:
        doc.text.addElement(P(stylename=title, text=chapter.title))
    for block in chapter.blocks:
        if isinstance(block, Heading):
            doc.text.addElement(H(outlinelevel=block.level, stylename=headings[block.level],
                                  text=block.label))
        else:
            doc.text.addElement(P(stylename=body, text=block.text))
    _odf_metadata(doc, chapter.title, chapter.language)
    return _save_odf(doc)


def _odf_metadata(doc: opendocument.OpenDocument, title: str, language: str) -> None:
    from odf import dc

    doc.meta.addElement(dc.Title(text=title))
    doc.meta.addElement(dc.Language(text=_metadata_language(language)))


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


def _docx_languages(r_pr) -> None:
    """Set ``w:lang`` on a ``w:rPr``: Western text en-GB, East Asian text zh-TW (replacing the
    template's en-US for both)."""
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        r_pr.append(language)
    language.set(qn("w:val"), _tag(WESTERN_LANGUAGE))
    language.set(qn("w:eastAsia"), _tag(ASIAN_LANGUAGE))


def write_docx(chapter: Chapter) -> bytes:
    """The chapter as a Word (DOCX) file: A4, styles "Title", "Heading 1"–"Heading 6" and
    "Normal", the East Asian font set on every style and every run, Western text British English
    in the document defaults and "Normal"; the title paragraph only where the chapter prints it.
    Returns the file's bytes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Cm(2.5)
    document.core_properties.title = chapter.title
    document.core_properties.language = _metadata_language(chapter.language)

    defaults = document.styles.element.find(qn("w:docDefaults"))
    _docx_languages(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE_PT)
    _docx_fonts(normal.element.get_or_add_rPr())
    _docx_languages(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.5
    depths = _depths(chapter)
    sizes = {"Title": TITLE_SIZE_PT, **{f"Heading {level}": HEADING_SIZES_PT[depths.get(level, 1)]
                                        for level in OUTLINE_LEVELS}}
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

    if chapter.prints_title:
        add(chapter.title, "Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in chapter.blocks:
        if isinstance(block, Heading):
            paragraph = add(block.label, f"Heading {block.level}")
            paragraph.paragraph_format.left_indent = Cm(max(block.depth - 2, 0) * INDENT_STEP_CM)
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
    return write_tables_ods(chapter.tables, title=chapter.title, language=chapter.language)


def write_tables_ods(tables: list[Table], *, title: str, language: str) -> bytes:
    """``tables`` (:class:`reports.document.Table`) as an OpenDocument spreadsheet, one sheet
    per table with a bold header row; ``title`` and ``language`` (``zh-hant``, ``en``) are the
    file's metadata. Every cell goes through :func:`core.spreadsheets.safe_cell`. Returns the
    file's bytes."""
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
    for table in tables:
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
    _odf_metadata(doc, title, language)
    return _save_odf(doc)


def write_xlsx(chapter: Chapter) -> bytes:
    """The statistics tables as an Excel (XLSX) workbook, one sheet per table with a bold, frozen
    header row. Returns the file's bytes."""
    return write_tables_xlsx(chapter.tables, title=chapter.title)


def write_tables_xlsx(tables: list[Table], *, title: str) -> bytes:
    """``tables`` (:class:`reports.document.Table`) as an Excel workbook, one sheet per table
    with a bold, frozen header row, titled ``title``. Every cell goes through
    :func:`core.spreadsheets.safe_cell`. Returns the file's bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    for table in tables:
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

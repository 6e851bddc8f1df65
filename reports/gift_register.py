"""The gift register as a workbook (ODS, XLSX): a year's gifts, or the whole register, on the
sheets the protocol office and the ethics unit keep.

Sheets, in the workbook's language:

1. *Protocol register*: the received gifts in the columns of the US Office of the Chief of
   Protocol's yearly register of gifts from foreign government sources (recipient with title,
   gift described, date accepted, estimated value, disposition or location, foreign donor and
   government, circumstances), with the value in the home currency beside the original.
2. *Ethics unit*: the received gifts as the ethics unit (政風) records them under the Civil
   Servants' Ethics Guidelines: receipt date, recipient, giver, gift and quantities, market value
   in the home currency, whether it passes the threshold, report deadline, date reported,
   reference, disposition, its date and note.
3. *Gifts given*: what the city gave, to whom, on which engagement, with a donation's items and
   quantities.
4. *Trail*: every gift from the engagement where it changed hands through reporting and
   disposition and each exhibition that showed it to where it is today (location, condition,
   custodian).

Drafts are included: the register is the office's own record, not a publication. A gift's year
is that of its date, else of its engagement (:meth:`gifts.models.GiftQuerySet.in_year`); the
whole register (``year=None``) also lists gifts with neither.
"""

from __future__ import annotations

from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _

from core.dates import is_chinese
from core.i18n import join_list
from gifts.models import Disposition, Gift, GiftDirection, ReportingState

from .document import Table
from .writers import write_tables_ods, write_tables_xlsx

FORMATS = ("ods", "xlsx")
CONTENT_TYPES = {
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _designation(person, gift: Gift, language: str) -> str:
    """``person`` as the register names them: with organisation and title at the gift's
    engagement where they took part in it (:meth:`visits.models.Participation.designation`),
    else by name."""
    if person is None:
        return ""
    for participation in (gift.engagement.participations.all() if gift.engagement_id else []):
        if participation.person_id == person.pk:
            return participation.designation(language)
    return str(person)


def _counterpart(gift: Gift, language: str) -> str:
    parts = [_designation(gift.counterpart_person, gift, language), gift.counterpart_organisation,
             str(gift.counterpart_city or "")]
    if gift.counterpart_country_id and not gift.counterpart_city_id:
        parts.append(str(gift.counterpart_country))
    return join_list([part for part in parts if part]) or _("not recorded")


def _city_side(gift: Gift, language: str) -> str:
    if gift.own_person_id or gift.own_bureau_id:
        return join_list([part for part in (_designation(gift.own_person, gift, language),
                                            str(gift.own_bureau or "")) if part])
    return gift.city_side()


def _donated(gift: Gift) -> str:
    return join_list([str(line.donated_item) for line in gift.donation_lines.all()])


def _described(gift: Gift, language: str) -> str:
    """Name, description (the gift's, else its item's) and a donation's items."""
    description = gift.description or (gift.item.description if gift.item_id else "")
    parts = [gift.name, description, _donated(gift)]
    return ("：" if is_chinese(language) else ": ").join(part for part in parts if part)


def _engagement(gift: Gift, language: str) -> str:
    if not gift.engagement_id:
        return ""
    return f"{gift.engagement.date_display(language)} {gift.engagement}"


def _exhibitions(gift: Gift, language: str) -> str:
    if not gift.item_id:
        return ""
    shown = sorted(gift.item.exhibitions.all(), key=lambda exhibition: exhibition.start_date)
    return join_list([f"{exhibition.date_display(language)} {exhibition}" for exhibition in shown])


def _disposition(gift: Gift) -> str:
    return str(Disposition(gift.disposition).label) if gift.disposition else ""


def _disposition_or_location(gift: Gift, language: str) -> str:
    parts = [_disposition(gift), gift.location]
    return ("；" if is_chinese(language) else "; ").join(part for part in parts if part) or _("not decided")


def _threshold(gift: Gift) -> str:
    if gift.value_in_home_currency is None:
        return str(ReportingState.VALUE_UNKNOWN.label)
    return _("yes") if gift.is_to_report else _("no")


def register_tables(year: int | None, language: str) -> list[Table]:
    """The register's four sheets (see the module docstring) for the Gregorian ``year`` (an int;
    ``None`` for the whole register) in ``language`` (``zh-hant`` or ``en``). Values are numbers,
    dates are dates; empty where not recorded. Raises nothing for a year with no gift (the sheets
    have their headers only)."""
    gifts = Gift.objects.for_register().prefetch_related("engagement__participations__person")
    if year is not None:
        gifts = gifts.in_year(year)
    day = Coalesce("given_on", "engagement__start_date")
    gifts = list(gifts.order_by(day.asc(nulls_last=True), "pk"))
    with translation.override(language):
        received = [gift for gift in gifts if gift.direction == GiftDirection.RECEIVED]
        given = [gift for gift in gifts if gift.direction == GiftDirection.GIVEN]
        protocol = Table("protocol", _("Protocol register"), [
            _("Recipient (name and title)"), _("Gift"), _("Date accepted"), _("Estimated value"),
            _("Currency"), _("Value in home currency"), _("Disposition or location"),
            _("Foreign donor and government"), _("Circumstances"),
        ], [[
            _city_side(gift, language), _described(gift, language), gift.date_display(language),
            gift.estimated_value, gift.currency, gift.value_in_home_currency,
            _disposition_or_location(gift, language), _counterpart(gift, language),
            _engagement(gift, language),
        ] for gift in received])
        ethics = Table("ethics", _("Ethics unit"), [
            _("Register number"), _("Date received"), _("Recipient"), _("Giver"), _("Gift and quantities"),
            _("Market value in home currency"), _("Above the threshold"), _("Report due by"),
            _("Reported on"), _("Report reference"), _("Disposition"), _("Disposition decided on"),
            _("Disposition note"),
        ], [[
            gift.slug, gift.date_display(language), _city_side(gift, language), _counterpart(gift, language),
            _described(gift, language), gift.value_in_home_currency, _threshold(gift), gift.report_due_on,
            gift.reported_on, gift.report_reference, _disposition(gift), gift.disposition_on,
            gift.disposition_note,
        ] for gift in received])
        given_table = Table("given", _("Gifts given"), [
            _("Date given"), _("Recipient"), _("Given by"), _("Gift and quantities"), _("Estimated value"),
            _("Currency"), _("Value in home currency"), _("Engagement"),
        ], [[
            gift.date_display(language), _counterpart(gift, language), _city_side(gift, language),
            _described(gift, language), gift.estimated_value, gift.currency, gift.value_in_home_currency,
            _engagement(gift, language),
        ] for gift in given])
        trail = Table("trail", _("Trail"), [
            _("Register number"), _("Gift"), _("Direction"), _("Engagement"), _("Reporting"),
            _("Disposition"), _("Exhibitions"), _("Location"), _("Condition"), _("Custodian"),
        ], [[
            gift.slug, gift.name, str(GiftDirection(gift.direction).label), _engagement(gift, language),
            str(ReportingState(gift.reporting_state()).label), _disposition(gift),
            _exhibitions(gift, language), gift.location,
            gift.get_condition_display() if gift.condition else "", gift.custodian,
        ] for gift in gifts])
    return [protocol, ethics, given_table, trail]


def register_title(year: int | None, language: str) -> str:
    """The workbook's title: 禮品登記簿（2022年） / Gift register 2022, or the whole register."""
    with translation.override(language):
        if year is None:
            return _("Gift register")
        return _("Gift register %(year)s") % {"year": year}


def write_register(year: int | None, language: str, format_name: str) -> bytes:
    """The register of ``year`` (``None``: all of it) in ``language`` as ``format_name`` (``ods``
    or ``xlsx``). Returns the file's bytes; raises ``ValueError`` naming the formats for another."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}; use one of {', '.join(FORMATS)}")
    tables = register_tables(year, language)
    title = register_title(year, language)
    if format_name == "ods":
        return write_tables_ods(tables, title=title, language=language)
    return write_tables_xlsx(tables, title=title)


def register_file_name(year: int | None, language: str, format_name: str) -> str:
    """A download name such as ``gift-register-2022-zh-hant.xlsx`` (``gift-register-all-...``)."""
    return f"gift-register-{year if year is not None else 'all'}-{language}.{format_name}"

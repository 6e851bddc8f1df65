"""Writes on the register that move a gift or touch several rows: lending to an exhibition and
bringing it back, and the yearly inventory (start, check a gift, finish with its report).

Each function validates (``full_clean``) before it saves and runs in one transaction; bad input
raises ``ValidationError`` with the field at fault, and nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname

from core.dates import format_date_input
from exhibitions.models import ExhibitedItem, Exhibition

from .models import CheckResult, Gift, GiftLoan, InventoryCheck, InventoryWalk


@transaction.atomic
def gift_lend(*, gift: Gift, exhibition: Exhibition, lent_on: datetime.date,
              returned_on: datetime.date | None = None) -> GiftLoan:
    """Lend ``gift`` to ``exhibition`` from ``lent_on``: the loan keeps where the gift was, the
    gift's place becomes the exhibition's venue (its name in the default language as the
    building; the exhibition's title where it has no venue), and the gift's item is listed among
    the items the exhibition shows. The gift's new version in its history gives the reason
    (lent to which exhibition, when). With ``returned_on``, a loan already over: the gift comes
    back too (:func:`gift_return`, a second version), in the same transaction. Returns the loan.
    Raises ``ValidationError`` when the gift cannot be lent (:meth:`gifts.models.Gift.loan_refusal`:
    not the city's to lend, or on loan already) or the loan breaks its own rules
    (:meth:`gifts.models.GiftLoan.clean`: its time overlaps another loan of the gift, a return
    before the loan or after today). The gift's row is locked first (``select_for_update``), so
    two clerks lending it at once are checked one after the other."""
    gift = Gift.objects.select_for_update().get(pk=gift.pk)
    refusal = gift.loan_refusal()
    if refusal:
        raise ValidationError(_("This gift cannot be lent: %(reason)s.") % {"reason": refusal})
    loan = GiftLoan(gift=gift, exhibition=exhibition, lent_on=lent_on, returned_on=returned_on,
                    previous_building=gift.building, previous_room=gift.room, previous_case=gift.case)
    loan.full_clean()  # the whole stretch, its return included, under the gift's lock
    loan.returned_on = None
    loan.save()
    place = exhibition.venue if exhibition.venue_id else exhibition
    field = "name" if exhibition.venue_id else "title"
    # In the default language, whatever the clerk's: the building is one text, not translated.
    name = getattr(place, build_localized_fieldname(field, DEFAULT_LANGUAGE))
    gift.building = name or str(place)
    gift.room = gift.case = ""
    gift._change_reason = _history_reason(_("lent to %(exhibition)s from %(date)s"), exhibition, lent_on)
    gift.save()
    if gift.item_id and not ExhibitedItem.objects.filter(exhibition=exhibition,
                                                         item_id=gift.item_id).exists():
        last = exhibition.exhibited_items.aggregate(last=Max("position"))["last"]
        ExhibitedItem.objects.create(exhibition=exhibition, item_id=gift.item_id,
                                     position=0 if last is None else last + 1)
    if returned_on:
        loan = gift_return(loan=loan, returned_on=returned_on)
    return loan


@transaction.atomic
def gift_return(*, loan: GiftLoan, returned_on: datetime.date) -> GiftLoan:
    """Bring the gift of ``loan`` back on ``returned_on``, to where it was before the loan.
    Returns the loan. Raises ``ValidationError`` for a loan already closed or a return the loan
    refuses (:meth:`gifts.models.GiftLoan.clean`: before the loan, after today). Locks the gift's
    row, then the loan's, as :func:`gift_lend` does."""
    Gift.objects.select_for_update().filter(pk=loan.gift_id).exists()
    loan = GiftLoan.objects.select_for_update().get(pk=loan.pk)
    if loan.returned_on:
        raise ValidationError(_("This loan has already ended."))
    loan.returned_on = returned_on
    loan.full_clean()
    loan.save()
    gift = loan.gift
    gift.building, gift.room, gift.case = loan.previous_building, loan.previous_room, loan.previous_case
    gift._change_reason = _history_reason(_("back from %(exhibition)s on %(date)s"), loan.exhibition,
                                          returned_on)
    gift.save()
    return loan


# django-simple-history's history_change_reason column holds 100 characters.
REASON_LENGTH = 100


def _history_reason(text: str, exhibition: Exhibition, on: datetime.date) -> str:
    """``text`` filled with the exhibition's title and the date as the clerk types it in their
    language (:func:`core.dates.format_date_input`: 111/05/01, 2022-05-01), cut to
    :data:`REASON_LENGTH` (the title is shortened, with …, never the date)."""
    date = format_date_input(on)
    fixed = len(text % {"exhibition": "", "date": date})
    title = str(exhibition)
    room = REASON_LENGTH - fixed
    if len(title) > room:
        title = title[:room - 1] + "…"
    return text % {"exhibition": title, "date": date}


@transaction.atomic
def inventory_check(*, walk: InventoryWalk, gift: Gift, result: str, building: str = "", room: str = "",
                    case: str = "", note: str = "", user=None) -> InventoryCheck:
    """Record what ``walk`` found of ``gift`` (a :class:`CheckResult` value; for ``moved``, where:
    ``building``, ``room``, ``case``), replacing an earlier check of it in the same walk.
    Returns the check. Raises ``ValidationError`` for a finished inventory, a gift not in
    custody, an unknown result or a gift found elsewhere with no place."""
    walk = InventoryWalk.objects.select_for_update().get(pk=walk.pk)  # a finish waits for this check
    if walk.finished_on:
        raise ValidationError(_("This inventory is finished."))
    if not Gift.objects.in_custody().filter(pk=gift.pk).exists():
        raise ValidationError(_("This gift is not in the city's custody."))
    check = InventoryCheck.objects.filter(walk=walk,
                                          gift=gift).first() or InventoryCheck(walk=walk, gift=gift)
    moved = result == CheckResult.MOVED
    check.result, check.note, check.checked_by, check.checked_at = result, note.strip(), user, timezone.now()
    check.building, check.room, check.case = ((building.strip(), room.strip(), case.strip()) if moved
                                              else ("", "", ""))
    check.expected_location = gift.location
    check.full_clean()
    check.save()
    return check


@dataclass
class InventoryReport:
    """What an inventory found: the checks by result, and the gifts in custody not checked."""

    walk: InventoryWalk
    found: list[InventoryCheck] = field(default_factory=list)
    moved: list[InventoryCheck] = field(default_factory=list)
    missing: list[InventoryCheck] = field(default_factory=list)
    unchecked: list[Gift] = field(default_factory=list)


def inventory_report(walk: InventoryWalk) -> InventoryReport:
    """The report of ``walk`` as it stands (finished or not)."""
    report = InventoryReport(walk)
    checks = walk.checks.select_related("gift", "checked_by").order_by("gift__name", "pk")
    for check in checks:
        getattr(report, check.result).append(check)
    checked = {check.gift_id for check in checks}
    report.unchecked = [gift for gift in Gift.objects.in_custody().order_by("name",
                                                                 "pk") if gift.pk not in checked]
    return report


@transaction.atomic
def inventory_finish(*, walk: InventoryWalk, on: datetime.date | None = None) -> InventoryReport:
    """Finish ``walk`` on ``on`` (default today): every gift found elsewhere is recorded where it
    was found (a version in its history), and no check can be added after. Returns the report.
    Raises ``ValidationError`` for an inventory already finished."""
    walk = InventoryWalk.objects.select_for_update().get(pk=walk.pk)
    if walk.finished_on:
        raise ValidationError(_("This inventory is finished."))
    report = inventory_report(walk)
    for check in report.moved:
        gift = check.gift
        gift.building, gift.room, gift.case = check.building, check.room, check.case
        gift.save()
    walk.finished_on = on or timezone.localdate()
    walk.save(update_fields=["finished_on"])
    return report

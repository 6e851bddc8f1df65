"""The intermediate forms of the gift list's loan actions (:class:`gifts.admin.GiftAdmin`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import RocAdminDateWidget, RocDateField
from exhibitions.models import Exhibition


class LendForm(forms.Form):
    """Lend the chosen gifts: to which exhibition (``cleaned_data["exhibition"]``, an
    :class:`Exhibition`), from which day (``lent_on``, a date, default today), and, for a loan
    recorded after the fact, the day they came back (``returned_on``, a date or ``None``, not
    before ``lent_on``)."""

    exhibition = forms.ModelChoiceField(
        label=_("exhibition"), queryset=Exhibition.objects.order_by("-start_date", "pk"))
    lent_on = RocDateField(label=_("lent on"), widget=RocAdminDateWidget, initial=timezone.localdate)
    returned_on = RocDateField(label=_("returned on"), widget=RocAdminDateWidget, required=False,
                               help_text=_("Only for a loan that is already over."))

    def clean(self) -> dict:
        data = super().clean()
        lent_on, returned_on = data.get("lent_on"), data.get("returned_on")
        if lent_on and returned_on and returned_on < lent_on:
            self.add_error("returned_on", _("A gift cannot come back before it was lent."))
        return data


class ReturnForm(forms.Form):
    """Bring the chosen gifts back from their loans: ``cleaned_data["returned_on"]``, a date
    (default today)."""

    returned_on = RocDateField(label=_("returned on"), widget=RocAdminDateWidget, initial=timezone.localdate)

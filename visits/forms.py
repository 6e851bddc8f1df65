"""Admin forms for entering engagements quickly."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Participation
from .services import person_build


class ParticipationForm(forms.ModelForm):
    """A participant row: pick a known person, or type the name of a new one.

    A typed name that matches a known person (any script, any middle dot) reuses that person;
    otherwise the person is created when the engagement is saved, with the engagement's country
    when it names exactly one.
    """

    new_name_zh_hant = forms.CharField(label=_("or new person: Chinese name"), required=False,
                                       max_length=150)
    new_name_en = forms.CharField(label=_("English name"), required=False, max_length=150)
    new_original_name = forms.CharField(label=_("original script"), required=False,
                                        max_length=150)

    class Meta:
        model = Participation
        fields = ["person", "role", "organisation", "title", "position"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].required = False
        self.new_person = None

    def clean(self) -> dict:
        cleaned = super().clean()
        names = {
            "name_zh_hant": (cleaned.get("new_name_zh_hant") or "").strip(),
            "name_en": (cleaned.get("new_name_en") or "").strip(),
            "original_name": (cleaned.get("new_original_name") or "").strip(),
        }
        if cleaned.get("person"):
            if any(names.values()):
                raise forms.ValidationError(
                    _("Either choose a known person or type a new name, not both."))
            return cleaned
        if not any(names.values()):
            if self.has_changed():
                raise forms.ValidationError(
                    _("Choose a person or type the new person's name."), code="required")
            return cleaned
        person = person_build(**names)
        if person.pk:
            cleaned["person"] = person
            self.instance.person = person
        else:
            self.new_person = person
        return cleaned

    def save(self, commit: bool = True) -> Participation:
        """Save a newly typed person first, then the participation."""
        if self.new_person is not None:
            engagement = self.instance.engagement
            if self.new_person.country_id is None and engagement.pk:
                countries = list(engagement.countries.all()[:2])
                if len(countries) == 1:
                    self.new_person.country = countries[0]
            self.new_person.save()
            self.instance.person = self.new_person
        return super().save(commit)

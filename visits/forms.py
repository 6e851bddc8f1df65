"""Admin forms for entering engagements quickly."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextField, ConstraintFormSet, RecordForm
from core.names import normalise_name

from .models import Participation
from .services import person_build, person_defaults


class ParticipationForm(RecordForm):
    """A participant row: pick a known person, or type the name of a new one.

    A typed name that matches a known person (any script, any middle dot) reuses that person;
    otherwise the person is created when the engagement is saved, with the country and official
    status its role gives (:func:`visits.services.person_defaults`: the home country for the
    city's own side, the engagement's one country for a foreign guest).
    """

    new_name_zh_hant = CleanTextField(label=_("or new person: Chinese name"), required=False,
                                      max_length=150)
    new_name_en = CleanTextField(label=_("English name"), required=False, max_length=150)
    new_original_name = CleanTextField(label=_("original script"), required=False,
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
            country, official = person_defaults(self.instance.role, self.instance.engagement)
            if self.new_person.country_id is None:
                self.new_person.country = country
            self.new_person.is_city_official = official
            self.new_person.save()
            self.instance.person = self.new_person
        return super().save(commit)


class ParticipationFormSet(ConstraintFormSet):
    """The participant rows of one engagement. Two rows typing the same new person (in any
    spelling :func:`core.names.normalise_name` folds together: 約翰·史密斯 and
    約翰・史密斯) are refused, as Django refuses two rows choosing the same known person;
    otherwise each row would create its own copy of that person."""

    def clean(self) -> None:
        super().clean()
        typed: dict[str, str] = {}
        for form in self.forms:
            person = getattr(form, "new_person", None)
            if person is None or not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            keys = {normalise_name(name) for name in (person.name_zh_hant, person.name_en,
                                                       person.original_name)} - {""}
            other = next((typed[key] for key in keys if key in typed), None)
            if other is not None:
                form.add_error(None, _(
                    "“%(name)s” is the same new person as “%(other)s” in another row: enter each "
                    "person once.") % {"name": person.name_zh_hant, "other": other})
                continue
            typed.update(dict.fromkeys(keys, person.name_zh_hant))

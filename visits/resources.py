"""Spreadsheet imports of engagements and visitor lists (see :mod:`core.imports`).

Column names are the field names below (``start_date``, ``name_zh_hant``...); a file may leave
out columns it does not fill, except the required ones (``required_columns``, and
``columns_to_add`` when a row adds a record); a column the import does not know is an error
(:meth:`core.imports.StaffImportResource.check_headers`). References (``engagement``,
``country``, ``countries``, ``cities``, ``bureaus``, ``topics``) are by code (slug) or natural
key: a country by ISO code or name (``JP``, ``日本``, ``Japan``), a city, bureau or topic by name
(:class:`core.imports.References`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from import_export import fields
from import_export.instance_loaders import ModelInstanceLoader

from cities.models import City, Country
from core.bulk import insert
from core.filekeys import FileKeys
from core.i18n import join_list
from core.imports import (
    References,
    ReferencesWidget,
    ReferenceWidget,
    StaffImportResource,
)
from core.names import normalise_name, tidy_text

from .models import Bureau, Engagement, Participation, Person, Topic
from .services import PersonIndex, person_defaults, person_new


def country_references() -> References:
    """Countries by slug, ISO code (``JP``, ``jp``) or name in either language."""
    return References(Country, ("slug", "iso_code", "name_zh_hant", "name_en"), _("code, ISO code or name"))


def city_references() -> References:
    """Cities by slug or name (either language, or in their own script)."""
    return References(City, ("slug", "name_zh_hant", "name_en", "native_name"), _("code or name"))


class EngagementResource(StaffImportResource):
    """Engagements, one a row, matched by ``slug`` (an existing slug updates that engagement).
    New engagements are drafts; the publication state is not imported."""

    countries = fields.Field(attribute="countries", column_name="countries",
                             widget=ReferencesWidget(country_references()))
    cities = fields.Field(attribute="cities", column_name="cities",
                          widget=ReferencesWidget(city_references()))
    bureaus = fields.Field(attribute="bureaus", column_name="bureaus", widget=ReferencesWidget(References(
        Bureau, ("slug", "short_name_zh_hant", "name_zh_hant", "name_en", "short_name_en"),
        _("code or name"))))
    topics = fields.Field(attribute="topics", column_name="topics", widget=ReferencesWidget(References(
        Topic, ("slug", "name_zh_hant", "name_en"), _("code or name"))))

    required_columns = (("slug",),)
    # Required by the model: an update may leave them out, a new engagement may not.
    columns_to_add = ("kind", "title_zh_hant", "start_date")
    example_row = {
        "slug": "2025-09-14-example-delegation", "kind": "reception", "title_zh_hant": "範例訪團來訪",
        "title_en": "Visit of an example delegation", "start_date": "114/09/14", "end_date": "",
        "date_precision": "", "place_zh_hant": "高雄市政府", "countries": "JP", "cities": "",
        "topics": "", "headcount": "",
    }

    class Meta:
        model = Engagement
        import_id_fields = ["slug"]
        fields = ["slug", "kind", "title_zh_hant", "title_en", "start_date", "end_date",
                  "date_precision", "place_zh_hant", "place_en", "summary_zh_hant", "summary_en",
                  "headcount", "countries", "cities", "bureaus", "topics"]
        skip_unchanged = False
        clean_model_instances = True

    def rows_adding(self, dataset):
        """Spreadsheet rows (header = row 1) whose ``slug`` is filled in and names no existing
        engagement, i.e. the rows that would add one, in order: a generator reading the file a
        thousand rows (and one query) at a time, which stops where its caller stops."""
        index = list(dataset.headers).index("slug")
        chunk: list[tuple[int, str]] = []
        for number, row in enumerate(dataset, 2):
            slug = tidy_text(row[index])
            if slug:
                chunk.append((number, slug))
            if len(chunk) == 1000:
                yield from self._adding(chunk)
                chunk = []
        yield from self._adding(chunk)

    @staticmethod
    def _adding(chunk: list[tuple[int, str]]) -> list[int]:
        existing = set(Engagement.objects.filter(slug__in=[slug for _number, slug in chunk])
                       .values_list("slug", flat=True)) if chunk else set()
        return [number for number, slug in chunk if slug not in existing]


def several_people_message(names: dict[str, str], matches: list[Person]) -> str:
    """The error of a visitor row whose names (``names``: column -> tidied name) match several
    people (``matches``, from :func:`visits.services.person_matches`), saying what to do in the
    spreadsheet, which has no person field to choose in: each person as all their names, with
    country, latest organisation and id, so the clerk can keep only a name unique to the right
    one, or correct duplicate records in the admin."""
    people = []
    for person in matches:
        spellings = list(dict.fromkeys(name for name in (person.name_zh_hant, person.name_en,
                                                         person.original_name) if name))
        latest = (person.participations.exclude(organisation="")
                  .order_by("-engagement__start_date").first())
        details = [str(person.country.name) if person.country else "",
                   latest.organisation if latest else "", f"#{person.pk}"]
        people.append(pgettext("a person matched by an import", "%(names)s (%(details)s)") % {
            "names": " / ".join(spellings),
            "details": join_list(detail for detail in details if detail)})
    return gettext("Several people match “%(name)s”: %(people)s. Fill in only a name that belongs "
                   "to the right one alone (e.g. just their name_en, leaving the other name "
                   "columns empty), or, if they are one person, correct the duplicate records "
                   "under People in the admin; then import again.") % {
        "name": next(name for name in names.values() if name),
        "people": pgettext("people separator", "; ").join(people)}


# Columns of a visitor list that describe the person rather than the participation.
PERSON_COLUMNS = ("name_zh_hant", "name_en", "original_name", "country", *Person.PERSONAL_DATA_FIELDS)


class VisitorListResource(StaffImportResource):
    """A visitor list: one person a row with their part in an engagement.

    Columns: ``engagement`` (its slug), ``name_zh_hant`` / ``name_en`` / ``original_name``,
    ``country`` (slug), ``role`` (head, member, guest, host, city_delegate or their labels),
    ``organisation_zh_hant`` / ``_en``, ``title_zh_hant`` / ``_en``, and the staff-only
    ``email``, ``phone``, ``passport_number``, ``dietary_needs``, ``notes``.

    The person is found as :func:`visits.services.person_matches` finds one (any script, any
    middle dot: 朗·尼倫伯格 finds 朗．尼倫伯格; :class:`visits.services.PersonIndex`, read once for
    the file), else created; a person already in the engagement is updated,
    not listed twice. Staff-only values in the row replace the person's; empty cells keep them.
    Not exportable: the file holds personal data.
    """

    required_columns = (("engagement",), ("name_zh_hant", "name_en", "original_name"))
    example_row = {"engagement": "2025-09-14-example-delegation", "name_zh_hant": "範例姓名",
                   "name_en": "Example Name", "country": "JP", "role": "member",
                   "organisation_zh_hant": "範例市議會", "title_zh_hant": "議員", "title_en": "Councillor"}

    engagement = fields.Field(attribute="engagement", column_name="engagement", widget=ReferenceWidget(
        References(Engagement, ("slug",), _("code"), prefetch=True)))
    # The person's columns: read by _person_from_row(), shown (from the person found or made)
    # in the dry-run preview; readonly, so django-import-export does not set them itself.
    name_zh_hant = fields.Field(attribute="person__name_zh_hant", column_name="name_zh_hant",
                                readonly=True)
    name_en = fields.Field(attribute="person__name_en", column_name="name_en", readonly=True)
    original_name = fields.Field(attribute="person__original_name", column_name="original_name",
                                 readonly=True)
    country = fields.Field(attribute="person__country__slug", column_name="country", readonly=True)
    email = fields.Field(attribute="person__email", column_name="email", readonly=True)
    phone = fields.Field(attribute="person__phone", column_name="phone", readonly=True)
    passport_number = fields.Field(attribute="person__passport_number", column_name="passport_number",
                                   readonly=True)
    dietary_needs = fields.Field(attribute="person__dietary_needs", column_name="dietary_needs",
                                 readonly=True)
    notes = fields.Field(attribute="person__notes", column_name="notes", readonly=True)

    class Meta:
        model = Participation
        fields = ["engagement", *PERSON_COLUMNS, "role", "organisation_zh_hant",
                  "organisation_en", "title_zh_hant", "title_en"]
        import_id_fields = []
        clean_model_instances = True
        # No id column: get_instance() finds the participation by person and engagement.
        instance_loader_class = ModelInstanceLoader

    def _person_from_row(self, row) -> tuple[Person | None, dict]:
        """The row's person, found or new and unsaved, with the row's country and staff-only
        values set; and the errors by column."""
        errors: dict = {}
        names = {column: tidy_text(row.get(column)) for column in
                 ("name_zh_hant", "name_en", "original_name")}
        matches = self._people.matches(**names)  # a known person, or none, or too many
        if len(matches) > 1:
            return None, {"name_zh_hant": [several_people_message(names, matches)]}
        keys = {normalise_name(name) for name in names.values()} - {""}
        try:
            person = matches[0] if matches else self._new_person(keys, names)
        except ValidationError as error:
            return None, {"name_zh_hant": error.messages}
        self._person_changed = False
        if row.get("country"):
            try:
                country = self._countries.get(row["country"])
            except ValueError as error:
                errors["country"] = [str(error)]
            else:
                if person.country_id is None:
                    person.country = country
        if person.pk is None:
            self._give_defaults(person, row)
        for column in Person.PERSONAL_DATA_FIELDS:
            value = row.get(column)
            if value not in (None, ""):
                setattr(person, column, str(value).strip() if column == "notes" else tidy_text(value))
                self._person_changed = True
        return person, errors

    def _new_person(self, keys: set[str], names: dict[str, str]) -> Person:
        """The new person these names (folded to ``keys``) stand for: the one an earlier row of
        the file named, so that one new person on several rows (several engagements) is one
        person, else a new unsaved one (written with the batch, :meth:`write_new`)."""
        for key in keys:
            if key in self._new_people:
                return self._new_people[key]
        person = person_new(**names)
        self._new_people.update(dict.fromkeys(keys, person))
        return person

    def _give_defaults(self, person: Person, row) -> None:
        """A new person's country (unless the row gives one) and official status from their
        role in the engagement (:func:`visits.services.person_defaults`)."""
        try:
            role = self.fields["role"].clean(row)
            engagement = self.fields["engagement"].clean(row)
        except (ValueError, KeyError):
            role = engagement = None
        role = role or Participation._meta.get_field("role").default
        key = (role, engagement.pk if engagement else None)
        if key not in self._defaults:
            self._defaults[key] = person_defaults(role, engagement)
        country, official = self._defaults[key]
        if person.country_id is None:
            person.country = country
        person.is_city_official = official

    def before_import(self, dataset, **kwargs) -> None:
        """Find, once for the file, the people its names may be (:class:`visits.services.
        PersonIndex`: their ids, in one streamed pass over the file's name columns), besides the
        references (:meth:`core.imports.StaffImportResource.before_import`)."""
        super().before_import(dataset, **kwargs)
        headers = list(dataset.headers or [])
        columns = [headers.index(column) for column in ("name_zh_hant", "name_en", "original_name")
                   if column in headers]
        rows = getattr(dataset, "dataset", dataset)  # the file's rows, not in batches (BatchedRows)
        self._people = PersonIndex(tidy_text(row[index]) for row in rows for index in columns)
        self._participations: dict[tuple, Participation] = {}
        self._countries = country_references()
        self._rows_by_person = FileKeys()  # read by repeated_person_error()
        self._new_people: dict[str, Person] = {}  # read by _new_person()
        self._written_people: list[Person] = []  # by write_new(), for load_batch()
        self._defaults: dict[tuple, tuple] = {}  # person_defaults() by role and engagement
        self._changed_people: dict[int, Person] = {}  # written by apply_batch()

    def load_batch(self, rows: list[dict]) -> None:
        """Read the people a batch of rows may name (:meth:`visits.services.PersonIndex.load`) and
        their participations in the batch's engagements, one query each, besides the references
        (:meth:`core.imports.StaffImportResource.load_batch`)."""
        super().load_batch(rows)
        # The new people the batches before wrote: later rows find them through the index, by
        # id, like any stored person, and the file no longer holds them as instances. One whose
        # row was held for review has no id again (core.imports hold_for_review): it stays new.
        written = {id(person) for person in self._written_people if person.pk is not None}
        for person in self._written_people:
            if person.pk is not None:
                self._people.add(person)
        self._written_people = []
        self._new_people = {key: person for key, person in self._new_people.items()
                            if id(person) not in written}
        people = self._people.load(tidy_text(row.get(column)) for row in rows
                                   for column in ("name_zh_hant", "name_en", "original_name"))
        engagements = {engagement.pk for engagement in self.fields["engagement"].widget.references.records()}
        self._participations = {
            (participation.engagement_id, participation.person_id): participation
            for participation in Participation.objects.filter(engagement_id__in=engagements,
                                                              person__in=people)
        } if engagements and people else {}

    def get_instance(self, instance_loader, row) -> Participation | None:
        """The participation of the row's person in the row's engagement, if both exist."""
        self._person, self._person_errors = self._person_from_row(row)
        if self._person is None or self._person.pk is None:
            return None
        try:
            engagement = self.fields["engagement"].clean(row)
        except ValueError:
            return None
        if engagement is None:
            return None
        return self._participations.get((engagement.pk, self._person.pk))

    def repeated_person_error(self, row, row_number: int | None) -> dict[str, list[str]]:
        """The error of a row naming a person an earlier row of the file already names in the
        same engagement (by any of their names, folded: 朗·尼倫伯格 and 朗．尼倫伯格 are one):
        without it the later row would silently replace the earlier one's role and title.
        Records the row's keys."""
        try:
            engagement = self.fields["engagement"].clean(row)
        except ValueError:
            return {}
        if engagement is None or row_number is None:
            return {}
        person = self._person
        # One text a key (core.filekeys): the engagement, then "n" and a folded name or "p" and
        # the person's id; normalise_name() never leaves the separator U+001F.
        names = {normalise_name(tidy_text(row.get(column)))
                 for column in ("name_zh_hant", "name_en", "original_name")} - {""}
        keys = [f"{engagement.pk}\x1fn{name}" for name in names]
        if person is not None and person.pk is not None:
            keys.append(f"{engagement.pk}\x1fp{person.pk}")
        seen = self._rows_by_person
        earlier = min((number for key in keys if (number := seen.get(key)) is not None), default=None)
        for key in keys:
            seen.setdefault(key, row_number + 1)
        if earlier is None:
            return {}
        # The error stands on the first name column the row fills: the cell the clerk looks at.
        column, name = next((column, tidy_text(row.get(column)))
                            for column in ("name_zh_hant", "name_en", "original_name")
                            if tidy_text(row.get(column)))
        return {column: [gettext("%(name)s is already on row %(row)s of this file, in the same "
                                         "engagement: list each person once.")
                                 % {"name": name, "row": earlier}]}

    def import_instance(self, instance: Participation, row, **kwargs) -> None:
        errors = dict(self._person_errors)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for key, messages in self.repeated_person_error(row, kwargs.get("row_number")).items():
            errors.setdefault(key, []).extend(messages)
        if self._person is not None:
            instance.person = self._person
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance: Participation, import_validation_errors=None,
                          validate_unique=True) -> None:
        """Check the person (its own fields, by column) and the participation together; a new
        person is saved only once the whole row is valid."""
        errors = dict(import_validation_errors or {})
        person = self._person
        if person is not None:
            try:
                # The country was read by References or given by person_defaults().
                person.full_clean(exclude=["search_key", "country"], validate_unique=False)
            except ValidationError as error:
                person_errors = error.message_dict
                if "name" in person_errors:
                    person_errors["name_zh_hant"] = person_errors.pop("name")
                errors.update(person_errors)
        # The person was found by name or is new (checked above); the engagement was read by
        # its code (References): neither needs a query to check it exists.
        exclude = [*errors, "person", "engagement", *self._not_in_file]
        try:
            # One participation per person and engagement: get_instance() finds the stored one,
            # repeated_person_error() one earlier in the file (see StaffImportResource).
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance: Participation, row, **kwargs) -> None:
        """Keep a known person whose staff-only data the row changes, to be written with the
        batch (:meth:`apply_batch`); a new person is written with the batch of participations
        (:meth:`write_new`)."""
        if self._person.pk is not None and self._person_changed:
            self._changed_people[id(self._person)] = self._person
        instance.person = self._person

    def apply_batch(self, new: list[Participation], changed: list[Participation]) -> None:
        """Write the known people whose staff-only data rows changed so far (their fields and a
        version each, :meth:`core.imports.StaffImportResource.update_records`), then the batch
        of participations."""
        people = list(self._changed_people.values())
        self._changed_people.clear()
        if people:
            self.update_records(Person, people)
        super().apply_batch(new, changed)

    def write_new(self, instances: list[Participation]) -> None:
        """Write the batch's new people (each once, however many rows name them), then the
        participations (:meth:`core.imports.StaffImportResource.write_new`)."""
        people = list({id(p.person): p.person for p in instances if p.person.pk is None}.values())
        for person in people:
            person.refresh_search_key()
        insert(Person, people)
        self._history(Person, people)
        for participation in instances:
            participation.person = participation.person  # the person's new id
        super().write_new(instances)
        self._written_people.extend(people)  # indexed by the next load_batch()

"""What the public may see: one rule for every model of the record apps, and the way public
pages read relations under it.

A record is **public** (the public site, its feeds, sitemap, calendar and open data may name or
link it) when:

1. **It has a publication state** (:class:`core.models.PublishableModel`: a city, an
   engagement, an exhibition series, an exhibition): it is published and its embargo
   (``publish_from``) has passed (:meth:`core.models.PublishableQuerySet.published`).
2. **It is a record of its own without a publication state** that public records name (a
   country, a person, a venue, an item, a topic, a bureau): the model declares
   ``public_when_named_by``, the lookups from it to the records whose naming makes it public,
   and it is public when at least one public record names it in one of those ways. A country
   is public when a public city lies in it, a public engagement names it among its countries,
   a public person comes from it, or a public country lies within it (the United Kingdom for
   Scotland; one level of the hierarchy); a person when a public engagement lists them as a
   participant; see each model's docstring. Naming it any other way (a gift's giver) does not
   make it public: such a reference is left out. An empty declaration means never public
   (a reporting period).
3. **It is a part of other records** (a partnership, a participant, a partner-city row, a
   photo, a donated item, an item shown): the model declares nothing, and it is public when
   every record its required foreign keys point to is public (a partnership when its city is;
   a participant when their engagement and their person are).

A model that is none of these (no publication state, no declaration, no required foreign key
to a record model) is never public: a new kind of record stays off the public site until
someone decides otherwise. ``tests/core/test_visibility.py`` checks every model of the
registry (:func:`core.registry.record_models`) falls under a rule and has :meth:`public`.

Where a public record refers to another (a foreign key, a many-to-many, a reverse relation),
public pages read the reference through :meth:`VisibleQuerySet.with_public`, which prefetches
only the public records: a reference to a non-public record is left out as if it were empty (a
published exhibition's item given by a draft city shows no giver). A query on the public site never
names a non-public record in a filter's options or a search result either: they start from
:meth:`VisibleQuerySet.public`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Now


class VisibleQuerySet(models.QuerySet):
    """A QuerySet that answers :meth:`public`; every record model's manager derives from it."""

    def public(self, at: datetime.datetime | None = None) -> VisibleQuerySet:
        """The records of this QuerySet the public may see at ``at`` (an aware datetime;
        default now), by the rule of this module."""
        return self.filter(public_condition(self.model, at))

    def with_public(self, *lookups: str) -> VisibleQuerySet:
        """This QuerySet reading the relations ``lookups`` (``"cities"``,
        ``"exhibited_items__item__gift__counterpart_city"``) so that only public records are found
        along them: each step is prefetched from the target's public records (a reference to
        a non-public record reads as ``None``, a list leaves it out), or selected with the row
        where the rule itself makes the target public (:func:`implied`). Steps shared by
        several lookups are read once; one query per prefetched step, whatever the number of
        records. Call it on public records only."""
        return _read_public(self, _tree(lookups))


def public(model: type[models.Model], at: datetime.datetime | None = None) -> models.QuerySet:
    """The records of ``model`` the public may see at ``at`` (default now): a QuerySet of its
    default manager."""
    return model._default_manager.filter(public_condition(model, at))


def public_condition(model: type[models.Model], at: datetime.datetime | None = None,
                     _stack: tuple[type[models.Model], ...] = ()) -> Q:
    """The condition (a ``Q`` on ``model``'s rows) that selects its public records at ``at``
    (an aware datetime; default: when the query runs, by the database's clock), by the rules of
    the module docstring. Raises ``FieldDoesNotExist`` for a ``public_when_named_by`` lookup
    that names no relation."""
    if at is None and not _stack:
        return _condition_now(model)
    return _condition(model, at, _stack)


@functools.cache
def _condition_now(model: type[models.Model]) -> Q:
    """``public_condition(model)`` with embargoes compared to the database's clock when the query
    runs (``Now()``), so that it does not depend on the moment it was built: built once per
    process (a country's condition nests subqueries over every way a country becomes public,
    and was rebuilt several times a request). Django clones the subqueries a ``Q`` holds when a
    QuerySet is filtered by it, so sharing it is safe."""
    return _condition(model, Now(), ())


def _condition(model: type[models.Model], at, _stack: tuple[type[models.Model], ...]) -> Q:
    from .models import PublishableModel, published_condition

    if issubclass(model, PublishableModel):
        return published_condition(at)
    stack = (*_stack, model)
    lookups = named_by(model)
    if lookups is not None:
        condition = Q(pk__in=[])
        for lookup in lookups:
            target = lookup_target(model, lookup)
            if stack.count(target) >= 2:  # a hierarchy (a country within a country): one level
                continue
            named = model._default_manager.filter(
                **{f"{lookup}__in": target._default_manager.filter(_condition(target, at, stack))})
            condition |= Q(pk__in=named.values("pk"))
        return condition
    required = required_references(model)
    if not required:
        return Q(pk__in=[])
    condition = Q()
    for field in required:
        target = field.related_model
        condition &= Q(**{f"{field.name}__in": target._default_manager.filter(
            _condition(target, at, stack))})
    return condition


def named_by(model: type[models.Model]) -> tuple[str, ...] | None:
    """The lookups of rule 2 for ``model``: its own ``public_when_named_by`` followed by those
    the record apps above it add (:func:`core.registry.added_to`: the gift register adds an
    item's ``"gift"``); ``None`` when the model declares none and none are added."""
    from .registry import added_to

    own = getattr(model, "public_when_named_by", None)
    added = added_to(model, "public_when_named_by")
    if own is None and not added:
        return None
    return (*(own or ()), *added)


def required_references(model: type[models.Model]) -> list[models.ForeignKey]:
    """The foreign keys of ``model`` that may not be empty and point to a record model: the
    records a part (rule 3) belongs to."""
    from .registry import record_models

    records = set(record_models())
    return [field for field in model._meta.concrete_fields
            if isinstance(field, models.ForeignKey) and not field.null
            and field.related_model in records and field.related_model is not model]


def lookup_target(model: type[models.Model], lookup: str) -> type[models.Model]:
    """The model a relation ``lookup`` (``"participations__engagement"``) of ``model`` leads
    to. Raises ``FieldDoesNotExist`` for a part that is not a relation of the model reached."""
    for name in lookup.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def implied(model: type[models.Model], name: str) -> bool:
    """True when the relation ``name`` of ``model`` leads from a public record only to a public
    record by the rule itself, so that it may be read with ``select_related``: a required
    foreign key of a part (a participant's person, a partnership's city), or a foreign key
    whose target is public because records of ``model`` name it that way (a city's country:
    :class:`cities.models.Country` declares ``"cities"``; an exhibition's venue)."""
    field = model._meta.get_field(name)
    if not field.concrete or not (field.many_to_one or field.one_to_one):
        return False
    from .models import PublishableModel

    if (not issubclass(model, PublishableModel) and named_by(model) is None
            and field in required_references(model)):
        return True
    declared = named_by(field.related_model) or ()
    return field.related_query_name() in declared


def _tree(lookups: Iterable[str]) -> dict:
    """``("a__b", "a__c")`` as ``{"a": {"b": {}, "c": {}}}``."""
    tree: dict = {}
    for lookup in lookups:
        node = tree
        for name in lookup.split("__"):
            node = node.setdefault(name, {})
    return tree


def _read_public(queryset: models.QuerySet, tree: dict) -> models.QuerySet:
    """``queryset`` reading the relations of ``tree``: the :func:`implied` steps selected,
    every other step prefetched from the target's public records."""
    selected, prefetches = _reads(queryset.model, tree, "")
    if selected:
        queryset = queryset.select_related(*selected)
    return queryset.prefetch_related(*prefetches) if prefetches else queryset


def _reads(model: type[models.Model], tree: dict, prefix: str) -> tuple[list[str], list[Prefetch]]:
    selected: list[str] = []
    prefetches: list[Prefetch] = []
    for name, subtree in tree.items():
        path, target = f"{prefix}{name}", model._meta.get_field(name).related_model
        if implied(model, name):
            selected.append(path)
            more_selected, more_prefetches = _reads(target, subtree, f"{path}__")
            selected += more_selected
            prefetches += more_prefetches
        elif named_by_rule(model, name):
            prefetches.append(Prefetch(path, queryset=_read_public(target._default_manager.all(), subtree)))
        else:
            prefetches.append(Prefetch(path, queryset=_read_public(public(target), subtree)))
    return selected, prefetches


def named_by_rule(model: type[models.Model], name: str) -> bool:
    """True when every record the relation ``name`` of ``model`` (a many-to-many or a reverse
    relation) leads to from a public record is public by the rule itself: its model declares
    the way back among ``public_when_named_by`` (an engagement's countries, topics and bureaus:
    each is public because a public engagement names it). Such a step is read without the
    target's public condition, which for a country is a subquery over every public city,
    engagement and person (850 ms of PostgreSQL for one engagement's countries at N=1)."""
    field = model._meta.get_field(name)
    declared = named_by(field.related_model) or ()
    if field.many_to_many and field.concrete:
        return field.related_query_name() in declared
    if field.auto_created and not field.concrete:  # a reverse relation: the target's own field
        return field.field.name in declared or _part_named_by_rule(field.related_model, field.field)
    return False


def _part_named_by_rule(part: type[models.Model], back: models.ForeignKey) -> bool:
    """True when every record of ``part`` (a model public by rule 3: its required references
    are public) that ``back`` ties to a public record is public by the rule itself: each of
    its other required references leads to a model that is public because such a part of a
    public record names it (an exhibition's exhibited items: :class:`exhibitions.models.Item`
    declares ``"exhibited_in__exhibition"``, so an item on show in a public exhibition is
    public, and reading them needs no subquery over every public item)."""
    from .models import PublishableModel

    if issubclass(part, PublishableModel) or named_by(part) is not None:
        return False
    required = required_references(part)
    if back not in required:
        return False
    for reference in required:
        if reference == back:
            continue
        target = reference.related_model
        declared = named_by(target)
        if (issubclass(target, PublishableModel) or declared is None
                or f"{reference.related_query_name()}__{back.name}" not in declared):
            return False
    return True

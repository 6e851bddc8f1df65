"""Before the items lose their giver (``exhibitions.Item.given_by_city`` and
``given_by_person``, removed by exhibitions' migration 0011), put it on the register, losing
nothing:

- an item with a gift: the gift keeps its own counterpart; where it records no city (or no
  person) it takes the item's, and the city's country where it records no country. Where both
  record one and they differ, the register's stands: it is the record the office keeps (the
  gift's ``clean()`` refused a different city, so only a change made outside the forms could
  have made them differ);
- an item with a giver or marked as a gift but no gift: a received gift is made for it, with
  the giver, date, engagement, name and description, as migration 0002 made them (published:
  the city's page named it as that city's gift, and the partner city's gallery now shows its
  published gifts). An item whose giver is its only record of one still has one afterwards,
  in the one place it is kept.

Runs before exhibitions' 0011 (``run_before``): exhibitions sits below this app and names
nothing of it, so this app orders itself before the removal. Nothing is undone backwards (the
gifts made stay on the register; the columns come back empty).
"""

from importlib import import_module

from django.db import migrations

from gifts.reporting import report_deadline

# The helpers of the migration that first put items on the register: the same slugs and
# translated names, not a second way of writing them.
_first = import_module("gifts.migrations.0002_register_gifts_and_donations")


def copy_item_givers(apps, schema_editor):
    Gift = apps.get_model("gifts", "Gift")
    Item = apps.get_model("exhibitions", "Item")

    for gift in Gift.objects.filter(item__isnull=False).select_related("item__given_by_city"):
        item, changed = gift.item, []
        if gift.counterpart_city_id is None and item.given_by_city_id:
            gift.counterpart_city_id = item.given_by_city_id
            changed.append("counterpart_city")
        if gift.counterpart_person_id is None and item.given_by_person_id:
            gift.counterpart_person_id = item.given_by_person_id
            changed.append("counterpart_person")
        if gift.counterpart_country_id is None and gift.counterpart_city_id:
            gift.counterpart_country_id = apps.get_model("cities", "City").objects.get(
                pk=gift.counterpart_city_id).country_id
            changed.append("counterpart_country")
        if changed:
            gift.save(update_fields=changed)

    loose = Item.objects.filter(gift__isnull=True).exclude(
        is_gift=False, given_by_city__isnull=True, given_by_person__isnull=True)
    for item in loose.select_related("given_by_city"):
        dated = item.given_on and item.given_on_precision == "day"
        Gift.objects.create(
            direction="received", item=item, slug=_first._slug(Gift, item.name_en, item.name_zh_hant),
            **_first._translated(item, "name"), **_first._translated(item, "description"),
            counterpart_city=item.given_by_city, counterpart_person=item.given_by_person,
            counterpart_country=item.given_by_city.country if item.given_by_city else None,
            given_on=item.given_on, given_on_precision=item.given_on_precision,
            engagement=item.engagement, report_due_on=report_deadline(item.given_on) if dated else None,
            status="published")


class Migration(migrations.Migration):

    dependencies = [
        ("gifts", "0006_file_name_indexes"),
        ("exhibitions", "0010_file_name_indexes"),
    ]
    run_before = [
        ("exhibitions", "0011_item_giver_on_the_register"),
    ]

    operations = [
        migrations.RunPython(copy_item_givers, migrations.RunPython.noop),
    ]

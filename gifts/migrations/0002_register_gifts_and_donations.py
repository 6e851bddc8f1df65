"""Put on the register what was recorded before it existed, losing nothing:

- every item received as a gift (``exhibitions.Item.is_gift``) becomes a received gift linked to
  it, with its giver (city or person, and the city's country), date and precision, engagement,
  name and description;
- the donated items of each engagement (``visits.DonatedItem``, relief supplies with their
  quantities) become one gift given by the city, on that engagement, to its first partner city
  and country, dated as the engagement, with every item joined to it.

The items and donated items themselves are kept as they were. What the public saw stays public:
a gift from an item is published (the partner city's page listed every item it gave, and now
lists its published gifts), a donation's gift is published where its engagement is.
Running it again adds nothing (items already linked, donated items already joined are skipped).
"""

from django.db import migrations

from core.names import make_slug
from gifts.reporting import report_deadline


def _slug(model, *texts: str) -> str:
    base = next((make_slug(text, 190) for text in texts if make_slug(text, 190)), "") or "gift"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _translated(record, field: str) -> dict:
    return {f"{field}_zh_hant": getattr(record, f"{field}_zh_hant"),
            f"{field}_en": getattr(record, f"{field}_en"),
            field: getattr(record, f"{field}_zh_hant") or getattr(record, f"{field}_en")}


def register_existing(apps, schema_editor):
    Gift = apps.get_model("gifts", "Gift")
    GiftDonatedItem = apps.get_model("gifts", "GiftDonatedItem")
    Item = apps.get_model("exhibitions", "Item")
    DonatedItem = apps.get_model("visits", "DonatedItem")

    for item in Item.objects.filter(is_gift=True, gift__isnull=True).select_related("given_by_city"):
        dated = item.given_on and item.given_on_precision == "day"
        Gift.objects.create(
            direction="received", item=item, slug=_slug(Gift, item.name_en, item.name_zh_hant),
            **_translated(item, "name"), **_translated(item, "description"),
            counterpart_city=item.given_by_city, counterpart_person=item.given_by_person,
            counterpart_country=item.given_by_city.country if item.given_by_city else None,
            given_on=item.given_on, given_on_precision=item.given_on_precision,
            engagement=item.engagement, report_due_on=report_deadline(item.given_on) if dated else None,
            status="published")

    loose = DonatedItem.objects.filter(gift_line__isnull=True).select_related("engagement")
    by_engagement = {}
    for donated in loose.order_by("engagement", "position", "pk"):
        by_engagement.setdefault(donated.engagement, []).append(donated)
    for engagement, donated_items in by_engagement.items():
        city = engagement.cities.order_by("pk").first()
        country = engagement.countries.order_by("pk").first()
        gift = Gift.objects.create(
            direction="given", slug=_slug(Gift, engagement.slug), engagement=engagement,
            name=engagement.title_zh_hant or engagement.title_en, name_zh_hant=engagement.title_zh_hant,
            name_en=engagement.title_en, counterpart_city=city,
            counterpart_country=country or (city.country if city else None),
            given_on=engagement.start_date, given_on_precision=engagement.date_precision,
            status=engagement.status, publish_from=engagement.publish_from)
        for donated in donated_items:
            GiftDonatedItem.objects.create(gift=gift, donated_item=donated)


class Migration(migrations.Migration):

    dependencies = [
        ("gifts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(register_existing, migrations.RunPython.noop),
    ]

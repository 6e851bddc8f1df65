"""``manage.py rebuild_thumbnails``: remake the thumbnails whose file name does not match the
format they hold (JPEG data under ``.png`` or ``.webp``, made before thumbnails were named by
their own format), so they are served with the right Content-Type."""

from core.commands import ProductCommand
from core.images import prepare, thumbnail_matches_format
from core.models import ThumbnailedImageModel
from core.registry import record_models


class Command(ProductCommand):
    help = "Remake every thumbnail whose extension does not match its image format."

    def handle(self, *args, **options) -> None:
        """Remake mismatched thumbnails of every record model with images; prints how many.
        Records whose image file is missing or unreadable keep no thumbnail (pages then show the
        image itself) and are not an error."""
        remade = 0
        for model in record_models():
            if not issubclass(model, ThumbnailedImageModel):
                continue
            for record in model._default_manager.exclude(thumbnail="").iterator():
                if thumbnail_matches_format(record):
                    continue
                record.thumbnail = ""
                prepare(record)
                model._default_manager.filter(pk=record.pk).update(thumbnail=record.thumbnail.name or "")
                remade += 1
        self.stdout.write(f"{remade} thumbnails remade")

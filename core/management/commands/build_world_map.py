"""``manage.py build_world_map``: write the base map ``core/static/core/world-110m.svg`` from the
npm package ``world-atlas`` (after ``npm install``), as :mod:`core.maps` describes. Run it when
the package is upgraded and commit the file; production serves the committed file."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ProductCommand
from core.maps import STATIC_PATH, world_svg

PACKAGE = Path("node_modules") / "world-atlas"
SOURCE = "countries-110m.json"


def package_svg(package: Path) -> str:
    """The base map built from the ``world-atlas`` package installed at ``package`` (a
    directory). Raises ``CommandError`` if it is missing or its file is not a topology."""
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
        topology = json.loads((package / SOURCE).read_text(encoding="utf-8"))
        provenance = (f"Natural Earth 1:110m countries (public domain, naturalearthdata.com), from the npm "
                      f"package world-atlas {version} ({SOURCE}, ISC licence, Copyright 2013-2019 Michael "
                      f"Bostock); Equal Earth projection, Antarctica left out; written by manage.py "
                      f"build_world_map.")
        return world_svg(topology, provenance)
    except (OSError, KeyError, ValueError) as error:
        raise CommandError(_("cannot read %(path)s (run npm install first): %(error)s") % {
            "path": package / SOURCE, "error": error}) from error


class Command(ProductCommand):
    help = "Write core/static/core/world-110m.svg from node_modules/world-atlas (npm install first)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--package", type=Path, default=None,
                            help="the world-atlas directory (default: node_modules/world-atlas)")
        parser.add_argument("--check", action="store_true",
                            help="write nothing; exit non-zero if the committed file differs")

    def handle(self, *args, package: Path | None = None, check: bool = False, **options) -> None:
        """Write (or with ``--check`` compare) the file; one line says which and its size."""
        base = Path(settings.BASE_DIR)
        svg = package_svg(package or base / PACKAGE)
        target = base / "core" / "static" / STATIC_PATH
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != svg:
                raise CommandError(_("%(path)s is not what world-atlas gives: run manage.py build_world_map "
                                     "and commit it") % {"path": target.relative_to(base)})
            self.stdout.write(f"{target.relative_to(base)} is up to date")
            return
        target.write_text(svg, encoding="utf-8")
        self.stdout.write(f"{target.relative_to(base)}: {len(svg.encode()):,} bytes")

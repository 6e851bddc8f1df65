"""Imports run one way: the base app, then the record apps each on those before it, then the
apps that span them, then the project package (README, "What is inside").

The layers are read from ``INSTALLED_APPS`` and the record-app registry, not written here: the
base is the project app listed before the first record app, the record apps are layered in
their ``INSTALLED_APPS`` order (``cities`` < ``visits`` < ``exhibitions``), every project app
after them spans them, and ``intl_affairs`` (settings, urls) and ``benchmarks`` sit above all.
Every module of every package is parsed, migrations, commands and template tags included.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

from core.registry import record_apps

ROOT = Path(settings.BASE_DIR)


def project_apps() -> list[str]:
    """The installed apps that are packages of this repository, in ``INSTALLED_APPS`` order."""
    return [config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT]


def layers() -> dict[str, int]:
    """Each package of the repository and its layer: only a lower layer may be imported."""
    names = project_apps()
    records = [config.name for config in record_apps()]
    first_record = names.index(records[0])
    ranks = {name: 0 for name in names[:first_record]}
    ranks.update({name: 1 + index for index, name in enumerate(records)})
    spanning = len(records) + 1
    ranks.update({name: spanning for name in names if name not in ranks})
    ranks.update({"intl_affairs": spanning + 1, "benchmarks": spanning + 2})
    return ranks


def imported_packages(path: Path) -> set[str]:
    """The top-level packages named by the absolute imports of the module at ``path``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_layers_are_the_documented_ones():
    ranks = layers()
    assert ranks["core"] == 0
    assert ranks["cities"] < ranks["visits"] < ranks["exhibitions"]
    assert {name for name, rank in ranks.items() if rank == ranks["reports"]} >= {
        "pages", "opendata", "reports", "backoffice", "datasets"}
    assert "intl_affairs" not in project_apps(), "the project package is not an installed app"


def test_no_module_imports_a_package_of_its_own_layer_or_above():
    ranks = layers()
    upward = []
    for package, rank in ranks.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for target in imported_packages(path) & set(ranks) - {package}:
                if ranks[target] >= rank:
                    upward.append(f"{path.relative_to(ROOT)} imports {target}")
    assert upward == []


def test_the_layer_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from visits.models import Engagement\nimport core.dates\n")
    assert imported_packages(module) == {"visits", "core"}

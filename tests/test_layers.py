"""Imports run one way: the base app, then the record apps each on those before it, then the
apps that span them, then the project package (README, "What is inside").

The layers are read from ``INSTALLED_APPS`` and the record-app registry, not written here: the
base is the project app listed before the first record app, the record apps are layered in
their ``INSTALLED_APPS`` order (``cities`` < ``visits`` < ``exhibitions`` < ``gifts``), every
project app after them spans them, and ``intl_affairs`` (settings, urls) and ``benchmarks`` sit
above all. Every module of every package is parsed, migrations, commands and template tags
included, for its imports and for what it names by a literal label (a migration's dependencies,
a relation to ``"app.Model"``, a model or module loaded by name). A package may not name one of
its own layer either, so the apps that span the record apps import none of each other: no
package cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

from core import registry

ROOT = Path(settings.BASE_DIR)


def project_apps() -> list[str]:
    """The names of :func:`core.registry.project_apps`."""
    return [config.name for config in registry.project_apps()]


def layers() -> dict[str, int]:
    """Each package of the repository and its layer: only a lower layer may be imported."""
    names = project_apps()
    records = [config.name for config in registry.record_apps()]
    first_record = names.index(records[0])
    ranks = {name: 0 for name in names[:first_record]}
    ranks.update({name: 1 + index for index, name in enumerate(records)})
    spanning = len(records) + 1
    ranks.update({name: spanning for name in names if name not in ranks})
    ranks.update({"intl_affairs": spanning + 1, "benchmarks": spanning + 2})
    return ranks


RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
LOADERS = {"import_module", "import_string", "get_model", "get_app_config"}


def _name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def imported_packages(path: Path) -> set[str]:
    """The top-level packages (app labels: here each app's label is its package) that the
    module at ``path`` depends on by name: its absolute imports; modules and models loaded by a
    literal name (``import_module("visits.x")``, ``import_string``, ``apps.get_model("gifts",
    "Gift")``, ``get_app_config``); models referred to by a literal ``"app.Model"`` in a
    relation (``ForeignKey("gifts.Gift")``, ``to="gifts.gift"``); and a migration's
    ``dependencies`` and ``run_before`` entries (``("gifts", "0005_...")``), whose app must
    then be migrated first or after."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call):
            named = []
            if _name(node.func) in LOADERS | RELATIONS and node.args:
                named.append(_text(node.args[0]))
            named += [_text(keyword.value) for keyword in node.keywords if keyword.arg == "to"]
            found |= {text.split(".")[0] for text in named if text and not text.startswith(".")}
        elif isinstance(node, ast.Assign) and any(_name(target) in {"dependencies", "run_before"}
                                                  for target in node.targets):
            for entry in getattr(node.value, "elts", ()):
                label = _text(entry.elts[0]) if isinstance(entry, ast.Tuple) and entry.elts else None
                if label and label != "__first__":
                    found.add(label)
    return found


def test_the_layers_are_the_documented_ones():
    ranks = layers()
    assert ranks["core"] == 0
    assert ranks["cities"] < ranks["visits"] < ranks["exhibitions"] < ranks["gifts"]
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


def test_the_layer_check_sees_dependencies_by_name(tmp_path):
    """A lower app's migration that depends on a higher app's, a relation to a higher app's
    model by its label, a model or module loaded by its name."""
    migration = tmp_path / "0012_x.py"
    migration.write_text(
        "from django.db import migrations, models\n"
        "class Migration(migrations.Migration):\n"
        "    dependencies = [('exhibitions', '0011_x'), ('gifts', '0007_x')]\n"
        "    run_before = [('reports', '0001_initial')]\n"
        "    operations = [migrations.AddField('item', 'g', models.ForeignKey(to='pages.page', on_delete=1))]\n"
        "def f(apps):\n"
        "    apps.get_model('opendata', 'Feed')\n"
        "    import_module('datasets.sample_data')\n"
        "    models.OneToOneField('backoffice.Thing', on_delete=1)\n"
        "    import_string('.relative')\n")
    assert imported_packages(migration) == {
        "django", "exhibitions", "gifts", "reports", "pages", "opendata", "datasets", "backoffice"}

"""Every management command of this product follows one rule (core.commands): its lines are in
the command language (zh-hant unless COMMAND_LANGUAGE_CODE says otherwise), and bad input is one
line on stderr with a non-zero exit status, never a traceback."""


import pytest
from django.core.management import get_commands, load_command_class

from core.commands import ProductCommand
from core.registry import project_apps

pytestmark = pytest.mark.django_db

PRODUCT_COMMANDS = {
    "backup_data", "build_world_map", "ensure_local_admin", "export_gift_register", "export_report",
    "fill_city_coordinates", "generate_data", "import_records", "load_sample_data",
    "purge_personal_data", "rebuild_thumbnails", "restore_data", "verify_backup",
}


def product_commands() -> dict[str, str]:
    """Command name -> app module, for the commands of this repository's apps
    (:func:`core.registry.project_apps`), not Django's or a library's: by the app, not by the
    file's place, since CI's virtualenv sits inside the checkout."""
    ours = {config.name for config in project_apps()}
    return {name: app for name, app in get_commands().items() if app in ours}


def run(argv: list[str], capsys, monkeypatch) -> tuple[int, list[str], str]:
    """Run ``manage.py`` + ``argv`` in this process as the command line does
    (``run_from_argv``), keeping the test's database connection open and skipping the system
    checks (seconds each, and not what is tested). Returns the exit status, the stderr lines and
    stdout."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    command = load_command_class(product_commands()[argv[0]], argv[0])
    status = 0
    try:
        command.run_from_argv(["manage.py", *argv, "--skip-checks"])
    except SystemExit as exit_:
        status = exit_.code
    captured = capsys.readouterr()
    return status, captured.err.strip().splitlines(), captured.out


def test_every_product_command_is_found_and_has_the_base():
    commands = product_commands()
    assert set(commands) == PRODUCT_COMMANDS
    for name, app in commands.items():
        assert isinstance(load_command_class(app, name), ProductCommand), name


# Each command with bad input (at least one each), and the one line it must write, worked out
# from the catalogue by hand.
BAD_INPUTS = [
    (["export_report", "2022X", "--output", "/dev/null"],
     1, "CommandError: 「2022X」不是半年期：請寫成 2022H2 或 2023H1。"),
    (["export_report", "2022H2", "--output", "report.pdf"],
     1, "CommandError: 無法從「report.pdf」判斷格式：檔名請以 .odt / .docx / .ods / .xlsx 結尾，或指定 --format"),
    (["export_report", "2022H2", "--output", "report.odt", "--language", "fr"],
     1, "CommandError: 不明的語言「fr」；請使用下列之一：zh-hant, en"),
    (["export_report", "2022H2", "--output", "report.odt", "--outline-level", "7"],
     1, "CommandError: 不明的標題層級「7」；請使用下列之一：1, 2, 3, 4"),
    (["export_report"],
     2, "manage.py export_report：錯誤：缺少引數：period, --output（請參閱 manage.py export_report --help）"),
    (["export_gift_register", "22", "--output", "register.xlsx"],
     1, "CommandError: 「22」不是年份：請寫西元年，如 2022，或 all"),
    (["export_gift_register", "2022", "--output", "register.csv"],
     1, "CommandError: 無法從「register.csv」判斷格式：檔名請以 .ods / .xlsx 結尾"),
    (["import_records", "gifts", "list.csv"],
     2, "manage.py import_records：錯誤：kind：'gifts' 不是下列之一：'engagements', 'visitors'"
        "（請參閱 manage.py import_records --help）"),
    (["import_records", "visitors", "list.txt"],
     1, "CommandError: list.txt：僅能匯入 .csv 與 .xlsx 檔"),
    (["restore_data", "/nonexistent/backup.zip"],
     1, "CommandError: restore_data：/nonexistent/backup.zip 不存在"),
    (["verify_backup", "/nonexistent/backup.zip"],
     1, "CommandError: verify_backup：/nonexistent/backup.zip 不存在"),
    (["backup_data", "--output", "/dev/null"],
     1, "CommandError: backup_data: /dev/null 已存在；請另選檔名"),
    (["purge_personal_data", "--years", "0"],
     1, "CommandError: purge_personal_data：--years 須為 1 以上，不可為 0"),
    (["purge_personal_data", "--years", "five"],
     2, "manage.py purge_personal_data：錯誤：--years：'five' 不是有效的值（請參閱 manage.py purge_personal_data --help）"),
    (["generate_data", "--scale", "-1"],
     1, "CommandError: 規模須為正數，不可為 -1.0"),
    (["ensure_local_admin"],
     1, "CommandError: ensure_local_admin 僅能在開發環境設定下執行；請改用 createsuperuser。"),
    (["fill_city_coordinates", "atlantis"],
     1, "CommandError: 沒有網址代稱（slug）為 atlantis 的城市"),
    (["build_world_map", "--check", "--package"],
     2, "manage.py build_world_map：錯誤：--package 需要一個值（請參閱 manage.py build_world_map --help）"),
    (["load_sample_data", "--everything"],
     2, "manage.py load_sample_data：錯誤：無法辨識的引數：--everything（請參閱 manage.py load_sample_data --help）"),
    (["rebuild_thumbnails", "now"],
     2, "manage.py rebuild_thumbnails：錯誤：無法辨識的引數：now（請參閱 manage.py rebuild_thumbnails --help）"),
]


def test_the_table_covers_every_command():
    assert {argv[0] for argv, _, _ in BAD_INPUTS} == PRODUCT_COMMANDS


@pytest.mark.parametrize(("argv", "status", "line"), BAD_INPUTS,
                         ids=[" ".join(argv) for argv, _, _ in BAD_INPUTS])
def test_bad_input_is_one_line_in_the_command_language(argv, status, line, capsys, monkeypatch, tmp_path,
                                                       settings):
    settings.LOCAL_ADMIN_ALLOWED = False  # as in production
    monkeypatch.chdir(tmp_path)  # nothing may be written, and surely not into the repository
    assert run(argv, capsys, monkeypatch)[:2] == (status, [line])


def test_build_world_map_names_the_missing_package(capsys, monkeypatch):
    status, lines, _ = run(["build_world_map", "--check", "--package", "/nonexistent"], capsys, monkeypatch)
    assert status == 1 and len(lines) == 1
    assert lines[0].startswith("CommandError: 無法讀取 /nonexistent/countries-110m.json（請先執行 npm install）：")


def test_command_language_can_be_english(capsys, monkeypatch, settings):
    settings.COMMAND_LANGUAGE_CODE = "en"
    assert run(["export_report", "2022H2", "--output", "report.odt", "--language", "fr"], capsys, monkeypatch)[:2] == (
        1, ["CommandError: unknown language “fr”; use one of zh-hant, en"])
    assert run(["import_records"], capsys, monkeypatch)[:2] == (
        2, ["manage.py import_records: error: missing argument: kind, path (see manage.py import_records --help)"])

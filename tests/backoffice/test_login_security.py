"""Admin login throttling (django-axes, backoffice/lockout.py), the development account
(backoffice/auth.py) and secure production sessions."""

import datetime
import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from backoffice.lockout import client_address
from tests.backoffice.scratch import manage as manage_dev

LOGIN = reverse("admin:login")


@pytest.fixture
def axes_on(settings):
    """Login throttling as configured for real use (the test settings switch it off)."""
    settings.AXES_ENABLED = True
    return settings


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(axes_on, client):
    User.objects.create_user("clerk", password="correct horse battery", is_staff=True)
    limit = axes_on.AXES_FAILURE_LIMIT
    assert limit == 5
    for _attempt in range(limit - 1):
        response = client.post(LOGIN, {"username": "clerk", "password": "wrong"})
        assert response.status_code == 200  # the login form again, with its error
    assert client.post(LOGIN, {"username": "clerk", "password": "wrong"}).status_code == 429

    # Now even the right password is refused, for this user name from this address only.
    response = client.post(LOGIN, {"username": "clerk", "password": "correct horse battery"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    User.objects.create_user("colleague", password="another good one", is_staff=True)
    response = client.post(LOGIN, {"username": "colleague", "password": "another good one"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count(axes_on, client):
    User.objects.create_user("clerk", password="correct horse battery", is_staff=True)
    for _attempt in range(axes_on.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "clerk", "password": "wrong"})
    assert client.post(LOGIN, {"username": "clerk", "password": "correct horse battery"}).status_code == 302
    client.logout()
    assert client.post(LOGIN, {"username": "clerk", "password": "wrong"}).status_code == 200


def production_env() -> dict[str, str]:
    """The environment production needs, with a fresh random key (and without the async-unsafe
    switch the browser tests set for themselves, which production must never have)."""
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, "DJANGO_SETTINGS_MODULE": "intl_affairs.settings.production",
            "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(45), "ALLOWED_HOSTS": "example.org"}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=django_settings.BASE_DIR,
                          env=env, capture_output=True, text=True, timeout=120)


def test_production_passes_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_sessions_are_secure_and_short():
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
            " s.SESSION_COOKIE_HTTPONLY, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE)")
    result = manage("shell", "--no-imports", "-c", code, env=production_env())
    assert result.returncode == 0, result.stderr
    secure, csrf_secure, httponly, at_close, age = result.stdout.split()
    assert (secure, csrf_secure, httponly, at_close) == ("True", "True", "True", "True")
    assert int(age) <= 8 * 60 * 60


def test_production_refuses_to_start_with_a_weak_key():
    env = {**production_env(), "SECRET_KEY": "short"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_static_files_collect_with_hashed_names(tmp_path):
    """collectstatic with WhiteNoise's manifest storage: every CSS reference resolves (jQuery UI's
    theme CSS, which names icons its package lacks, is not collected), and the admin's translation
    tabs find their jQuery UI."""
    env = {**production_env(), "STATIC_ROOT": str(tmp_path)}
    result = manage("collectstatic", "--no-input", "-v", "0", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert "jquery-ui/jquery-ui.min.js" in manifest
    assert not [name for name in manifest if name.startswith("jquery-ui/") and name.endswith(".css")]


@pytest.mark.django_db
def test_the_development_account_is_refused_outside_the_development_settings(settings, client):
    User.objects.create_superuser("admin", password="admin")
    assert client.post(LOGIN, {"username": "admin", "password": "admin"}).status_code == 302
    client.logout()
    settings.LOCAL_ADMIN_ALLOWED = False
    assert client.post(LOGIN, {"username": "admin", "password": "admin"}).status_code == 200
    assert "_auth_user_id" not in client.session
    settings.DEBUG = True  # whatever DEBUG says
    with pytest.raises(CommandError, match="^ensure_local_admin 僅能在開發環境設定下執行"):
        call_command("ensure_local_admin")


def test_under_production_settings_the_development_account_cannot_log_in_and_is_reported(scratch, tmp_path):
    """A database where ``make run`` was once used, then served with the production settings."""
    url = scratch.migrated("devaccount")
    result = manage_dev("ensure_local_admin", database_url=url, media_root=tmp_path)
    assert result.returncode == 0, result.stderr
    code = ("from django.contrib.auth import authenticate; from django.test import RequestFactory\n"
            "from django.core.management import call_command\n"
            "request = RequestFactory().post('/admin/login/', HTTP_HOST='example.org', secure=True)\n"
            "print(authenticate(request, username='admin', password='admin'))\n"
            "call_command('check', deploy=True, fail_level='WARNING')")
    result = manage("shell", "--no-imports", "-c", code, env={**production_env(), "DATABASE_URL": url})
    assert result.stdout.split()[:1] == ["None"], result.stdout + result.stderr
    assert result.returncode != 0
    assert "backoffice.W001" in result.stderr and "The local development account 'admin' exists" in result.stderr


@pytest.mark.parametrize(("count", "meta", "expected"), [
    (0, {"HTTP_X_FORWARDED_FOR": "81.2.69.160"}, "10.0.0.1"),  # no proxy: the header is the client's
    (1, {"HTTP_X_FORWARDED_FOR": "81.2.69.160"}, "81.2.69.160"),
    (1, {"HTTP_X_FORWARDED_FOR": "9.9.9.9, 81.2.69.160"}, "81.2.69.160"),  # 9.9.9.9 was forged
    (1, {}, "10.0.0.1"),  # not through the proxy
    (1, {"HTTP_X_FORWARDED_FOR": "unknown"}, "10.0.0.1"),
    (2, {"HTTP_X_FORWARDED_FOR": "9.9.9.9, 81.2.69.160, 10.0.0.2"}, "81.2.69.160"),
    (2, {"HTTP_X_FORWARDED_FOR": "81.2.69.160"}, "10.0.0.1"),
])
def test_the_client_address_is_read_as_far_back_as_the_trusted_proxies_reach(settings, count, meta, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.1", **meta)
    assert client_address(request) == expected


def from_address(address: str) -> dict:
    """A request's headers as one nginx in front of the app passes them on."""
    return {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": address}


@pytest.fixture
def behind_a_proxy(axes_on):
    axes_on.TRUSTED_PROXY_COUNT = 1
    User.objects.create_user("clerk", password="correct horse battery", is_staff=True)
    return axes_on


@pytest.mark.django_db
def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(behind_a_proxy):
    guesser, clerk = Client(), Client()
    for _attempt in range(5):
        response = guesser.post(LOGIN, {"username": "clerk", "password": "wrong"}, **from_address("81.2.69.160"))
    assert response.status_code == 429
    response = clerk.post(LOGIN, {"username": "clerk", "password": "correct horse battery"},
                          **from_address("81.2.69.161"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_guesses_are_limited_per_account_across_addresses(behind_a_proxy):
    assert behind_a_proxy.LOGIN_ACCOUNT_FAILURE_LIMIT == 20
    for host in range(1, 6):  # 4 guesses from each of 5 addresses: 20, none reaching 5 alone
        for _attempt in range(4):
            Client().post(LOGIN, {"username": "clerk", "password": "wrong"}, **from_address(f"81.2.69.{host}"))
    client = Client()
    response = client.post(LOGIN, {"username": "clerk", "password": "correct horse battery"},
                           **from_address("81.2.69.99"))
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def locked_out(language: str) -> tuple[Client, object]:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    for _attempt in range(5):
        response = client.post(LOGIN, {"username": "clerk", "password": "wrong"}, **from_address("81.2.69.160"))
    return client, response


@pytest.mark.django_db
def test_the_lockout_page_says_until_when_and_a_lock_is_not_extended(behind_a_proxy):
    client, response = locked_out("zh-hant")
    assert response.status_code == 429
    assert 3590 <= int(response["Retry-After"]) <= 3600
    (attempt,) = AccessAttempt.objects.all()
    until = timezone.localtime(attempt.attempt_time + datetime.timedelta(hours=1))
    text = re.sub(r"\s+", " ", response.content.decode())
    # A lock ending after midnight names its day too (taken between 23:00 and 24:00 local time).
    shown = f"{until:%H:%M}" if until.date() == timezone.localdate() else f"{until:%Y-%m-%d %H:%M}"
    assert f"登入失敗次數過多，此帳號暫停登入至 {shown}（約 60 分鐘後）。系統管理員可提早解除鎖定。" in text

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=10))
    again = client.post(LOGIN, {"username": "clerk", "password": "wrong"}, **from_address("81.2.69.160"))
    assert again.status_code == 429 and 2990 <= int(again["Retry-After"]) <= 3000  # not back to an hour
    assert AccessAttempt.objects.get().failures_since_start == 5


@pytest.mark.django_db
def test_the_lockout_page_speaks_english_to_english_staff(behind_a_proxy):
    _client, response = locked_out("en")
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "Too many failed logins: this account cannot log in until " in text
    assert "(in about 60 minutes). An administrator can lift the lock sooner." in text

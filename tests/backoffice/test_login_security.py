"""Admin login throttling (django-axes) and secure production sessions."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.urls import reverse

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

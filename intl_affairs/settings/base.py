"""Settings shared by every environment, read from the environment (12-factor).

Variables (all optional here; ``production`` makes some required):

- ``DATABASE_URL``: e.g. ``postgres://user@host:5432/db``; default a SQLite file ``var/db.sqlite3``.
- ``ALLOWED_HOSTS``: comma-separated host names.
- ``MEDIA_ROOT`` / ``MEDIA_URL``, ``STATIC_ROOT``: where uploads and collected static files live.
- ``HOME_CITY_NAME_ZH_HANT`` / ``HOME_CITY_NAME_EN``, ``OFFICE_NAME_ZH_HANT`` / ``OFFICE_NAME_EN``:
  the city government running the product and its international affairs office.
"""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable: ``1/true/yes/on`` are true, ``0/false/no/off`` false.

    Raises ``ValueError`` naming the variable when the value is anything else.
    """
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be 1 or 0 (true/false), not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty, stripped strings."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "axes",
    "import_export",
    # The base, then the record apps (each imports only those above it here), then the apps that
    # span them. tests/test_layers.py keeps imports running this way.
    "core",
    "cities",
    "visits",
    "exhibitions",
    "gifts",
    "pages",
    "opendata",
    "reports",
    "backoffice",
    "datasets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL and other control characters out of every query parameter (core.middleware).
    "core.middleware.ControlCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Tells authors once that a publisher decided on their revision (core.review).
    "core.middleware.ReviewOutcomeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, after the language is known; inactive unless a shared cache is configured.
    "core.cache.PublicPageCacheMiddleware",
    # Must be last: turns a locked-out login into the lockout response (django-axes).
    "axes.middleware.AxesMiddleware",
]

# Optimistic locking (django-concurrency, core/concurrency.py): versions are counted by the
# conditional UPDATE of each save; the library's database triggers are not used.
CONCURRENCY_AUTO_CREATE_TRIGGERS = False

# Backups (backoffice/backup.py). Archives are encrypted to these age public keys (age1...,
# comma-separated) when set; restoring or verifying an encrypted archive needs the file with the
# matching secret key (AGE-SECRET-KEY-1..., as age-keygen writes it), kept off the server that
# writes the backups.
BACKUP_ENCRYPTION_RECIPIENTS = env_list("BACKUP_ENCRYPTION_RECIPIENTS")
BACKUP_DECRYPTION_IDENTITY_FILE = os.environ.get("BACKUP_DECRYPTION_IDENTITY_FILE", "")
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))

# Retention of visitors' personal data (backoffice/retention.py, `manage.py purge_personal_data`):
# purged this many years after a person's last engagement or change, and this many days after a
# person was deleted (until then a deletion can be undone from the history with the data).
PERSONAL_DATA_RETENTION_YEARS = int(os.environ.get("PERSONAL_DATA_RETENTION_YEARS", "5"))
PERSONAL_DATA_DELETED_GRACE_DAYS = int(os.environ.get("PERSONAL_DATA_DELETED_GRACE_DAYS", "30"))

# Admin login throttling (django-axes; backoffice/lockout.py). AXES_FAILURE_LIMIT failed logins
# for one user name from one address, or LOGIN_ACCOUNT_FAILURE_LIMIT for one user name from all
# addresses together, lock that login for AXES_COOLOFF_TIME hours from the last failure; the
# lockout page says until when. Locking the pair first keeps one mistyping clerk from locking out
# a whole office behind one NAT address. Behind reverse proxies set TRUSTED_PROXY_COUNT to their
# number, so the client's address is read from X-Forwarded-For (README, "Login lockout").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, refusing the development account outside development.
    "backoffice.auth.ModelBackend",
]
# Only the development settings allow the local development account admin/admin (backoffice/auth.py).
LOCAL_ADMIN_ALLOWED = False
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "backoffice.lockout.client_address"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_TIME_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "backoffice.lockout.AccountAndAddressHandler"
AXES_LOCKOUT_CALLABLE = "backoffice.lockout.lockout_response"
# A failure during a lock does not extend it: the lockout page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no "AXES: BEGIN version ..." banner on every start of every process

ROOT_URLCONF = "intl_affairs.urls"
WSGI_APPLICATION = "intl_affairs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.home_city",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: a reader (a backup reading one snapshot for minutes) never blocks a
    # writer, and a writer never blocks readers; in the default rollback-journal mode a backup
    # made every save wait, and a clerk saw "database is locked" after ``timeout`` seconds.
    # The -wal and -shm files beside the database are part of it (SQLite docs, "Write-Ahead
    # Logging"); back up with ``make backup``, not by copying the file.
    # Every transaction begins IMMEDIATE (Django 5.1+): it takes the one write lock at BEGIN,
    # waiting up to ``timeout`` seconds (SQLite's busy timeout) for the transaction before it,
    # and then reads what that one committed. A transaction begun DEFERRED reads first; when it
    # then writes after another one committed, SQLite refuses it at once, whatever the timeout
    # (SQLITE_BUSY_SNAPSHOT, "database is locked"): two simultaneous saves of one record gave
    # the loser a 500 instead of the stale-form refusal (core.concurrency) PostgreSQL gives.
    # In WAL mode the write lock blocks no reader; the backup's read-only snapshot, which must
    # not hold it for minutes, begins DEFERRED itself (backoffice.backup.snapshot).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL", transaction_mode="IMMEDIATE", timeout=20)
elif (DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
      and os.environ.get("DATABASE_JIT", "off") == "off"):
    # PostgreSQL compiles a query whose estimated cost passes jit_above_cost (100,000) to machine
    # code first: for the public rule's nested subqueries (the archive's country filter after each
    # change) that took 400 of the query's 570 ms, to run it once (PostgreSQL docs, "JIT: When to
    # JIT?": it pays off for long analytical queries, not for a site's short ones). Sent as a
    # connection option; DATABASE_JIT=server keeps the server's setting (e.g. behind a pooler
    # that refuses startup options).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Traditional Chinese first, English second (Django docs, "Translation").
LANGUAGE_CODE = "zh-hant"
# What management commands say on the command line (core.commands); e.g. "en" for a foreign
# operator. Defaults to the product's language.
COMMAND_LANGUAGE_CODE = os.environ.get("COMMAND_LANGUAGE_CODE") or LANGUAGE_CODE
LANGUAGES = [
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
]
# Our catalogue first; then zh_Hant for third-party screens that ship none (django-import-export).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hant"
MODELTRANSLATION_LANGUAGES = ("zh-hant", "en")
# An untranslated field falls back to the other language rather than showing nothing.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("zh-hant", "en")}

STATIC_URL = "static/"
# jQuery UI for the admin translation tabs (django-modeltranslation reads JQUERY_UI_URL), from
# its PyPI package, served by the app: no CDN.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "core.staticfiles.JQueryUIFinder",
]
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": os.environ.get(
        "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
    ), "OPTIONS": json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS") or "{}")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files are served by core.media.serve_media, only while their record is public. The
# web server sends the bytes when MEDIA_SENDFILE names its header: "x-accel-redirect" (nginx: an
# internal location MEDIA_SENDFILE_PREFIX aliasing MEDIA_ROOT) or "x-sendfile" (Apache
# mod_xsendfile, lighttpd); empty: Django streams them (README, "Serving uploaded media").
MEDIA_SENDFILE = os.environ.get("MEDIA_SENDFILE", "").strip().lower()
if MEDIA_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured(
        f"MEDIA_SENDFILE must be x-accel-redirect, x-sendfile or empty, not {MEDIA_SENDFILE!r}")
MEDIA_SENDFILE_PREFIX = os.environ.get("MEDIA_SENDFILE_PREFIX", "/protected-media/")

# Security headers on every response. Scripts only from our own files: no inline script, no
# eval, no third-party host (OWASP CSP cheat sheet); the admin (Django, modeltranslation's tabs,
# django-import-export) works under it, checked in a real browser by tests/test_security_headers.py.
# Styles keep 'unsafe-inline' (the admin sets style attributes); they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *([MEDIA_URL] if MEDIA_URL.startswith("https://") else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Uploaded images (core/images.py): refused above these limits; thumbnails' longer side.
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("IMAGE_UPLOAD_MAX_BYTES", str(15 * 1024 * 1024)))
IMAGE_UPLOAD_MAX_PIXELS = int(os.environ.get("IMAGE_UPLOAD_MAX_PIXELS", str(50_000_000)))
IMAGE_THUMBNAIL_SIZE = int(os.environ.get("IMAGE_THUMBNAIL_SIZE", "480"))

# Imports of spreadsheets (core.spreadsheets.read_table): refused above these limits, checked
# before the work they bound (file size before reading, unpacked size before unzipping).
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("IMPORT_MAX_UNZIPPED_BYTES", str(50 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "60"))
# An uploaded import file waits here between the preview and the confirm (core/import_storage.py),
# readable by the server's user only, never under MEDIA_ROOT (served); files older than
# IMPORT_TMP_MAX_AGE_HOURS (a preview nobody confirmed) are deleted by purge_personal_data and
# before every upload.
IMPORT_TMP_DIR = Path(os.environ.get("IMPORT_TMP_DIR", BASE_DIR / "var" / "import-tmp"))
IMPORT_TMP_MAX_AGE_HOURS = int(os.environ.get("IMPORT_TMP_MAX_AGE_HOURS", "24"))

# The city government that runs this instance, and its office. Configuration, not code.
HOME_CITY = {
    "zh-hant": os.environ.get("HOME_CITY_NAME_ZH_HANT", "高雄市"),
    "en": os.environ.get("HOME_CITY_NAME_EN", "Kaohsiung City"),
}
# The ISO 3166-1 code of the home city's country: people typed in as the city's own participants
# (hosts, members for the city, Taiwanese dignitaries) get it, if a country with it is recorded.
HOME_COUNTRY_ISO = os.environ.get("HOME_COUNTRY_ISO", "TW")
# The gift register (gifts/reporting.py): a received gift worth more than the threshold, in the
# home currency, is reported to the ethics unit within so many working days (Civil Servants'
# Ethics Guidelines, points 2 and 5: NT$500, three days).
GIFT_HOME_CURRENCY = os.environ.get("GIFT_HOME_CURRENCY", "TWD")
GIFT_REPORTING_THRESHOLD = os.environ.get("GIFT_REPORTING_THRESHOLD", "500")
GIFT_REPORTING_WORKING_DAYS = int(os.environ.get("GIFT_REPORTING_WORKING_DAYS", "3"))
OFFICE = {
    "zh-hant": os.environ.get("OFFICE_NAME_ZH_HANT", "行政暨國際處"),
    "en": os.environ.get("OFFICE_NAME_EN", "Bureau of Administration and International Affairs"),
}

# The licence the open data (/open-data/, calendar.ics) is published under. Default: Taiwan's
# Open Government Data License, version 1.0, which the city governments of Taiwan use.
OPEN_DATA_LICENCE = {
    "name_zh_hant": os.environ.get("OPEN_DATA_LICENCE_NAME_ZH_HANT", "政府資料開放授權條款－第1版"),
    "name_en": os.environ.get("OPEN_DATA_LICENCE_NAME_EN", "Open Government Data License, version 1.0"),
    "url": os.environ.get("OPEN_DATA_LICENCE_URL", "https://data.gov.tw/license"),
}

# The cache, shared by every worker process and app server: Redis when CACHE_URL or REDIS_URL is
# set (e.g. redis://127.0.0.1:6379/0), otherwise Django's database cache in the site's own
# database (the table core_page_cache, made by migration core.0002; core.dbcache writes many keys
# in one statement). Public pages are cached for
# PUBLIC_PAGE_CACHE_SECONDS (default 300; 0 turns the page cache off) per language, and made
# stale after every committed change of a record (core.cache); while a page is re-rendered after
# a change, other requests get its previous copy for at most PUBLIC_PAGE_RENDER_LOCK_SECONDS.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
PAGE_CACHE_TABLE = "core_page_cache"
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {
        "BACKEND": "core.dbcache.DatabaseCache", "LOCATION": PAGE_CACHE_TABLE,
        # Beyond this many entries a third is deleted (Django's culling); ~30 KB a page.
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
    }}
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))
PUBLIC_PAGE_RENDER_LOCK_SECONDS = float(os.environ.get("PUBLIC_PAGE_RENDER_LOCK_SECONDS", "5"))
# Data that changes only when records do (the archive's periods, filter options, counts) is kept
# in the same cache, refreshed on the same commits, for at most this many seconds (0: off).
PUBLIC_DATA_CACHE_SECONDS = int(os.environ.get("PUBLIC_DATA_CACHE_SECONDS", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

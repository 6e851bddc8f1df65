"""Development settings: DEBUG on unless ``DEBUG=0``, an insecure key if none is given."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
# The local development account admin/admin of `make run` (backoffice/auth.py).
LOCAL_ADMIN_ALLOWED = True
# Static files straight from the apps, so `runserver` works before `collectstatic`.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files from the apps' folders with no collectstatic (WhiteNoise docs, "Using
# WhiteNoise in development").
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

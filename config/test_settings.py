"""Settings for the test suite: the real settings with a throwaway key."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from config.settings import *  # noqa: F403

# Whatever DEBUG the environment gives, tests talk plain HTTP to unbuilt static files; the
# production set-up (HTTPS redirect, whitenoise manifest) is tested in tests/test_settings.py.
SECURE_SSL_REDIRECT = False
# Browser tests post forms (the language switch) to a plain-HTTP live server.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# With no collectstatic, whitenoise serves the live server's static files from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

"""
WSGI config for config project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()


def settle() -> None:
    """Load what every request uses (URLconf, views, charts, Plotly), then leave it out of the
    garbage collector's full passes: they walked these long-lived objects, and one in ten
    list pages took ~50 ms longer for it (BENCHMARKS.md)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    gc.freeze()


settle()

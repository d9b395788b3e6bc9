"""The WSGI entry point gunicorn loads: every page's code imported before the first request,
and kept out of the garbage collector's full passes."""

import gc
import io
import sys

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from config import wsgi


def test_settling_imports_every_view_and_freezes_the_long_lived_objects() -> None:
    gc.unfreeze()
    try:
        wsgi.settle()
        assert "timeline.views" in sys.modules
        assert "timeline.charts" in sys.modules
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_the_application_answers_a_request(sample) -> None:
    statuses = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/contacts/",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    # As Django's test client does: a request's end must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = wsgi.application(environ, lambda status, headers: statuses.append(status))
        body = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert statuses == ["200 OK"]
    assert "بوتين" in body.decode()

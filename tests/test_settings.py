"""Production settings come from the environment and pass Django's deployment checks.

Each case runs in a fresh interpreter (settings are read once per process) with
``ENV_FILE=/dev/null`` so that a developer's ``.env`` cannot mask a default.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
        and not key.startswith(("SECURE_", "PYTEST", "DJANGO"))
    }
    env.update(
        ENV_FILE="/dev/null",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="timeline.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    done = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )

    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_debug_is_off_unless_asked(tmp_path: Path) -> None:
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"

    assert run(["-c", code], production_env(tmp_path)).stdout.strip() == "False"
    assert run(["-c", code], production_env(tmp_path, DEBUG="1")).stdout.strip() == "True"


def test_a_secret_key_is_required_when_debug_is_off(tmp_path: Path) -> None:
    done = run(["manage.py", "check"], production_env(tmp_path, SECRET_KEY=""))

    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr


SERVE = """
import django
django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
client = Client(HTTP_HOST="timeline.example.org")
plain = client.get("/admin/login/")
print("plain", plain.status_code, plain.headers.get("Location"))
page = client.get("/admin/login/", secure=True)
print("page", page.status_code)
for name in ("Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
             "X-Frame-Options", "Referrer-Policy"):
    print("header", name, "=", page.headers.get(name))
url = static("admin/css/base.css")
asset = client.get(url, secure=True)
print("static", url, asset.status_code, asset.headers.get("Cache-Control"))
print("evil", client.get("/admin/login/", HTTP_HOST="evil.example", secure=True).status_code)
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What a production process answers, as ``{"page": "200", "header Name": value ...}``."""
    tmp_path = tmp_path_factory.mktemp("production")
    done = run(["-c", SERVE], production_env(tmp_path))
    assert done.returncode == 0, done.stderr
    answers = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key == "header":
            name, _, value = value.partition(" = ")
            key = f"header {name}"
        answers[key] = value
    return answers


def test_production_redirects_plain_http_to_https(served: dict[str, str]) -> None:
    assert served["plain"] == "301 https://timeline.example.org/admin/login/"


def test_production_pages_carry_the_security_headers(served: dict[str, str]) -> None:
    assert served["page"] == "200"
    policy = served["header Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "max-age=31536000" in served["header Strict-Transport-Security"]
    assert served["header X-Content-Type-Options"] == "nosniff"
    assert served["header X-Frame-Options"] == "DENY"
    assert served["header Referrer-Policy"] == "same-origin"


def test_production_serves_hashed_static_files_through_whitenoise(served: dict[str, str]) -> None:
    url, status, *cache = served["static"].split(" ", 2)
    assert status == "200"
    assert url.startswith("/static/admin/css/base.") and url.endswith(".css")
    assert "max-age=" in " ".join(cache)  # whitenoise marks hashed names as cacheable forever


def test_production_refuses_unknown_hosts(served: dict[str, str]) -> None:
    assert served["evil"] == "400"


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/contacts/", "/timeline/", "/heatmap/"])
def test_pages_run_no_script_the_policy_would_block(client, path: str) -> None:
    """Under ``script-src 'self'`` an inline script or ``onclick`` would silently not run."""
    response = client.get(path)

    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    html = response.content.decode()
    for attributes in SCRIPT_TAG.findall(html):
        assert "src=" in attributes or "application/json" in attributes, attributes
    assert not INLINE_HANDLER.search(html)

"""Template helpers: the contact table's rows, written in Python, say what the template said."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from timeline.models import Contact
from timeline.templatetags.timeline_tags import contact_rows

pytestmark = pytest.mark.django_db

# The rows as the template wrote them before contact_rows: the reference they must match.
REFERENCE = Template(
    (Path(__file__).parent / "templates" / "contact_rows_reference.html").read_text()
)


def tags_only(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_rows_written_in_python_are_the_templates_rows(sample, language: str) -> None:
    undated = Contact.objects.public().get(pk=sample.later.pk)
    undated.date, undated.date_precision = None, ""
    undated.save()
    contacts = list(Contact.objects.public().with_rows().order_by("-date", "id"))
    with translation.override(language):
        expected = REFERENCE.render(Context({"contacts": contacts}))
        written = contact_rows(contacts)
    assert tags_only(written) == tags_only(expected)
    assert "Kremlin News" in written and ("بوتين" in written) == (language == "ar")


def test_a_leader_in_many_rows_links_to_the_same_page(sample) -> None:
    contacts = list(Contact.objects.public().with_rows())
    with translation.override("en"):
        written = contact_rows(contacts)
    assert written.count('href="/leaders/vladimir-putin/"') == 3

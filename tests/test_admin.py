import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.helpers_corrections import (
    TEXT,
    document,
    extracted,
    make_reference,
    only_contact,
    other_text,
)
from timeline import corrections
from timeline.ingest import ingest_document
from timeline.models import Article, Contact, Leader, Topic

pytestmark = pytest.mark.django_db

CORRECT = dt.date(2024, 3, 1)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def reference() -> None:
    make_reference()


@pytest.fixture
def staff(client) -> User:
    user = User.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def fake_extraction(monkeypatch) -> None:
    """Extraction stands in for the real one: it finds the Sisi–Macron call in any text."""
    monkeypatch.setattr(corrections, "db_extractor", lambda: lambda doc: [extracted()])


def change_data(contact: Contact, **overrides) -> dict:
    """The POST a person sends from the contact change page, as it stands."""
    participations = list(contact.participations.all())
    reports = list(contact.reports.all())
    data = {
        "date": contact.date.isoformat() if contact.date else "",
        "date_precision": contact.date_precision,
        "medium": contact.medium,
        "initiator": contact.initiator_id or "",
        "topics": [t.pk for t in contact.topics.all()],
        "review_status": contact.review_status,
        "human_fields": list(contact.human_fields),
        "participations-TOTAL_FORMS": len(participations),
        "participations-INITIAL_FORMS": len(participations),
        "participations-MIN_NUM_FORMS": 0,
        "participations-MAX_NUM_FORMS": 1000,
        "reports-TOTAL_FORMS": len(reports),
        "reports-INITIAL_FORMS": len(reports),
        "reports-MIN_NUM_FORMS": 0,
        "reports-MAX_NUM_FORMS": 1000,
    }
    if contact.historical:
        data["historical"] = "on"
    for i, p in enumerate(participations):
        data.update({f"participations-{i}-id": p.pk, f"participations-{i}-contact": contact.pk})
        data[f"participations-{i}-leader"] = p.leader_id
    for i, r in enumerate(reports):
        data.update({f"reports-{i}-id": r.pk, f"reports-{i}-contact": contact.pk})
    data.update(overrides)
    return data


def edit(client, contact: Contact, **overrides):
    url = reverse("admin:timeline_contact_change", args=[contact.pk])
    response = client.post(url, change_data(contact, **overrides))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def ingest_and_fix_date(client) -> Contact:
    ingest_document(document=document(), contacts=[extracted()])
    edit(client, only_contact(), date=CORRECT.isoformat())
    return only_contact()


def test_editing_the_date_marks_it_set_by_a_person(client, staff) -> None:
    contact = ingest_and_fix_date(client)
    assert contact.date == CORRECT
    assert contact.human_fields == ["date", "date_precision"]


def test_an_edited_date_survives_reingesting_the_same_article(client, staff) -> None:
    ingest_and_fix_date(client)
    ingest_document(document=document(), contacts=[extracted()], reextract=True)
    assert only_contact().date == CORRECT


def test_an_edited_date_survives_a_new_report_of_the_same_contact(client, staff) -> None:
    ingest_and_fix_date(client)
    ingest_document(document=document(other_text(1)), contacts=[extracted()])
    contact = only_contact()
    assert contact.reports.count() == 2
    assert contact.date == CORRECT


def test_an_edited_date_survives_a_full_reextraction(client, staff, fake_extraction) -> None:
    ingest_and_fix_date(client)
    result = corrections.reextract_articles()
    assert (result.articles, result.failed) == (1, 0)
    assert only_contact().date == CORRECT


def test_edited_topics_survive_a_new_report(client, staff) -> None:
    ingest_document(document=document(), contacts=[extracted()])
    gaza = Topic.objects.get(slug="gaza")
    edit(client, only_contact(), topics=[gaza.pk])
    ingest_document(document=document(other_text(1)), contacts=[extracted(topics=("trade",))])
    assert list(only_contact().topics.values_list("slug", flat=True)) == ["gaza"]


def test_changing_a_participant_recomputes_the_pair_key_and_pins_it(client, staff) -> None:
    ingest_document(document=document(), contacts=[extracted()])
    contact = only_contact()
    macron = contact.participations.get(leader__slug="emmanuel-macron")
    index = list(contact.participations.all()).index(macron)
    biden = Leader.objects.get(slug="joe-biden")
    edit(client, contact, **{f"participations-{index}-leader": biden.pk})
    contact = only_contact()
    assert contact.pair_key == "abdel-fattah-el-sisi|joe-biden"
    assert "participants" in contact.human_fields
    assert contact.participations.get(leader=biden).country_id == "US"
    ingest_document(document=document(other_text(1)), contacts=[extracted()])
    assert only_contact().reports.count() == 2  # the old pair still finds the corrected contact


def test_unticking_a_field_hands_it_back_to_extraction(client, staff) -> None:
    contact = ingest_and_fix_date(client)
    edit(client, contact, human_fields=[])
    contact = only_contact()
    assert contact.human_fields == []
    assert contact.date == dt.date(2024, 3, 4)


def test_the_contact_page_shows_evidence_and_the_fields_set_by_a_person(client, staff) -> None:
    contact = ingest_and_fix_date(client)
    response = client.get(reverse("admin:timeline_contact_change", args=[contact.pk]))
    body = response.content.decode()
    assert "<mark>" in body and TEXT[27:39] in body
    assert re.search(r'name="human_fields" value="date"[^>]*checked', body)
    assert not re.search(r'name="human_fields" value="medium"[^>]*checked', body)
    assert (
        reverse("admin:timeline_contact_split", args=[contact.pk, contact.reports.get().pk]) in body
    )


def test_the_change_list_verifies_a_contact_in_one_click(client, staff) -> None:
    ingest_document(document=document(), contacts=[extracted()])
    contact = only_contact()
    changelist = client.get(reverse("admin:timeline_contact_changelist"))
    url = reverse("admin:timeline_contact_set_review", args=[contact.pk, "verified"])
    assert url in changelist.content.decode()
    response = client.post(url + "?next=/admin/timeline/contact/")
    assert response.status_code == 302
    assert response.url == "/admin/timeline/contact/"
    assert only_contact().review_status == "verified"


def test_the_review_queue_shows_the_evidence_and_rejects_in_one_click(client, staff) -> None:
    guess = extracted(rule="published", confidence=0.4)
    ingest_document(document=document(), contacts=[guess])
    contact = only_contact()
    page = client.get(reverse("admin:timeline_contact_review")).content.decode()
    assert "uncertain date" in page
    assert TEXT[27:39] in page
    reject = reverse("admin:timeline_contact_set_review", args=[contact.pk, "rejected"])
    assert reject in page
    client.post(reject, {"next": reverse("admin:timeline_contact_review")})
    assert only_contact().review_status == "rejected"
    assert not Contact.objects.public().exists()


def test_the_merge_action_keeps_the_chosen_contact(client, staff) -> None:
    first = ingest_document(document=document(), contacts=[extracted()]).contacts[0]
    late = extracted(day=dt.date(2024, 3, 20))
    second = ingest_document(document=document(other_text(1)), contacts=[late]).contacts[0]
    url = reverse("admin:timeline_contact_changelist")
    selected = {"action": "merge", "_selected_action": [first.pk, second.pk]}
    confirm = client.post(url, selected)
    assert confirm.status_code == 200 and b'name="keep"' in confirm.content
    client.post(url, {**selected, "apply": "1", "keep": second.pk})
    first.refresh_from_db()
    assert first.merged_into == second
    assert second.reports.count() == 2


def test_the_split_view_moves_a_report_to_a_new_contact(client, staff) -> None:
    ingest_document(document=document(), contacts=[extracted()])
    ingest_document(document=document(other_text(1)), contacts=[extracted()])
    contact = only_contact()
    report = contact.reports.last()
    url = reverse("admin:timeline_contact_split", args=[contact.pk, report.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    report.refresh_from_db()
    assert report.contact_id != contact.pk
    assert report.placed_by_person
    assert response.url == reverse("admin:timeline_contact_change", args=[report.contact_id])


def test_a_candidate_leader_is_merged_into_an_existing_one(client, staff) -> None:
    candidate = Leader.objects.create(
        slug="x-candidate", name_ar="ماكرون", country_id="FR", is_candidate=True
    )
    macron = Leader.objects.get(slug="emmanuel-macron")
    url = reverse("admin:timeline_leader_merge", args=[candidate.pk])
    client.post(url, {"into": macron.pk})
    macron.refresh_from_db()
    assert not Leader.objects.filter(pk=candidate.pk).exists()
    assert "ماكرون" in macron.aliases_ar


def test_spellings_are_edited_one_per_line(client, staff) -> None:
    macron = Leader.objects.get(slug="emmanuel-macron")
    url = reverse("admin:timeline_leader_change", args=[macron.pk])
    data = {
        "slug": macron.slug,
        "name_en": macron.name_en,
        "name_ar": macron.name_ar,
        "aliases_ar": "ماكرون\r\nإمانويل ماكرون\r\n",
        "country": "FR",
        "kind": "head_of_state",
        "terms-TOTAL_FORMS": 0,
        "terms-INITIAL_FORMS": 0,
    }
    assert client.post(url, data).status_code == 302
    macron.refresh_from_db()
    assert macron.aliases_ar == ["ماكرون", "إمانويل ماكرون"]


def test_pasting_an_article_ingests_it(client, staff, fake_extraction) -> None:
    url = reverse("admin:timeline_article_add_articles")
    data = {"text": TEXT, "title": "اتصال", "published": "2024-03-05", "outlet": "paste"}
    response = client.post(url, data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.published, article.outlet) == (dt.date(2024, 3, 5), "paste")
    assert only_contact().reports.get().article == article


def test_a_pasted_article_needs_a_publication_date(client, staff, fake_extraction) -> None:
    url = reverse("admin:timeline_article_add_articles")
    response = client.post(url, {"text": TEXT})
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_uploading_files_ingests_each(client, staff, fake_extraction) -> None:
    files = [
        SimpleUploadedFile("a.txt", ("عنوان\n\n" + TEXT).encode()),
        SimpleUploadedFile("b.txt", ("عنوان\n\n" + other_text(1)).encode()),
    ]
    url = reverse("admin:timeline_article_add_articles")
    response = client.post(url, {"files": files, "published": "2024-03-05"})
    assert response.status_code == 302
    assert Article.objects.count() == 2
    assert set(Article.objects.values_list("published", flat=True)) == {dt.date(2024, 3, 5)}


def test_the_add_article_button_leads_to_the_paste_and_upload_form(client, staff) -> None:
    response = client.get(reverse("admin:timeline_article_add"))
    assert response.url == reverse("admin:timeline_article_add_articles")


def test_the_reextract_action_runs_over_the_selected_articles(
    client, staff, fake_extraction
) -> None:
    ingest_document(document=document(), contacts=[])
    article = Article.objects.get()
    url = reverse("admin:timeline_article_changelist")
    client.post(url, {"action": "reextract", "_selected_action": [article.pk]})
    assert only_contact().reports.get().article == article


def test_history_shows_who_changed_the_date_before_and_after(client, staff) -> None:
    contact = ingest_and_fix_date(client)
    record = contact.history.first()
    assert record.history_user == staff
    delta = record.diff_against(record.prev_record)
    change = next(c for c in delta.changes if c.field == "date")
    assert (change.old, change.new) == (dt.date(2024, 3, 4), CORRECT)
    page = client.get(reverse("admin:timeline_contact_history", args=[contact.pk]))
    assert "boss" in page.content.decode()


def test_reverting_a_change_restores_the_old_date(client, staff) -> None:
    contact = ingest_and_fix_date(client)
    before = contact.history.filter(date=dt.date(2024, 3, 4)).first()
    url = reverse("admin:timeline_contact_simple_history", args=[contact.pk, before.history_id])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name) or ""
        for name in ("date", "date_precision", "medium", "initiator", "review_status")
    }
    data["topics"] = [t.pk for t in contact.topics.all()]
    data["human_fields"] = before.human_fields
    response = client.post(url, data)
    assert response.status_code == 302
    assert only_contact().date == dt.date(2024, 3, 4)
    latest = contact.history.first()
    assert (latest.date, latest.history_user) == (dt.date(2024, 3, 4), staff)


def test_a_fixed_seed_date_survives_running_the_setup_again(client, staff) -> None:
    """What `make run` does again after a person fixed a date: reference data, then ingest."""
    call_command("load_reference")
    call_command("ingest", str(SEEDS), "--quiet")
    contact = Contact.objects.filter(reports__isnull=False).first()
    edit(client, contact, date=CORRECT.isoformat())
    call_command("load_reference")
    call_command("ingest", str(SEEDS), "--quiet")
    call_command("ingest", str(SEEDS), "--quiet", "--reextract")
    call_command("reextract")
    contact.refresh_from_db()
    assert contact.date == CORRECT
    assert contact.reports.exists()


def test_confirming_candidates_from_the_leader_list(client, staff) -> None:
    candidate = Leader.objects.create(slug="c", name_ar="س", country_id="FR", is_candidate=True)
    url = reverse("admin:timeline_leader_changelist")
    client.post(url, {"action": "confirm_candidates", "_selected_action": [candidate.pk]})
    candidate.refresh_from_db()
    assert not candidate.is_candidate


def test_topic_keyword_history_is_kept_and_reverts(client, staff) -> None:
    topic = Topic.objects.get(slug="gaza")
    url = reverse("admin:timeline_topic_change", args=[topic.pk])
    data = {
        "slug": "gaza",
        "name_en": "Gaza",
        "name_ar": "",
        "scope": "",
        "keywords_ar": "غزة\nالقطاع",
    }
    assert client.post(url, data).status_code == 302
    first = topic.history.last()
    revert = reverse("admin:timeline_topic_simple_history", args=[topic.pk, first.history_id])
    client.post(revert, {**data, "keywords_ar": first.keywords_ar})
    topic.refresh_from_db()
    assert topic.keywords == ["غزة"]
    assert topic.history.first().history_user == staff

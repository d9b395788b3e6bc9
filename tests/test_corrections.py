import datetime as dt
import json

import pytest
from django.core.management import call_command

from tests.helpers_corrections import document, extracted, make_reference, only_contact, other_text
from timeline import corrections
from timeline.ingest import ingest_document
from timeline.models import Article, Contact, Leader, Report

pytestmark = pytest.mark.django_db

CORRECT = dt.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def reference() -> None:
    make_reference()


def two_contacts() -> tuple[Contact, Contact]:
    """One call told by two articles with dates too far apart to be matched automatically."""
    first = ingest_document(document=document(), contacts=[extracted()]).contacts[0]
    late = extracted(day=dt.date(2024, 3, 20))
    second = ingest_document(document=document(other_text(1)), contacts=[late]).contacts[0]
    assert first.pk != second.pk
    return first, second


def pin_date(contact: Contact, day: dt.date = CORRECT) -> None:
    contact.date = day
    contact.mark_human("date", "date_precision")
    contact.save()


def test_merge_moves_every_report_and_points_the_others_at_the_kept_contact() -> None:
    keep, other = two_contacts()
    corrections.merge_contacts(keep=keep, others=[other])
    other.refresh_from_db()
    assert other.merged_into == keep
    assert keep.reports.count() == 2
    assert all(r.placed_by_person for r in keep.reports.all())
    assert list(Contact.objects.public()) == [keep]


def test_merge_then_split_round_trips_without_losing_a_report() -> None:
    keep, other = two_contacts()
    reports = set(Report.objects.values_list("pk", flat=True))
    corrections.merge_contacts(keep=keep, others=[other])
    moved = keep.reports.get(date=dt.date(2024, 3, 20))
    new = corrections.split_report(report=moved)
    assert set(Report.objects.values_list("pk", flat=True)) == reports
    assert list(new.reports.all()) == [moved]
    assert new.date == dt.date(2024, 3, 20)
    assert new.pair_key == keep.pair_key
    assert keep.reports.count() == 1


def test_merging_into_a_contact_that_absorbed_others_repoints_them() -> None:
    first, second = two_contacts()
    third = ingest_document(
        document=document(other_text(2)), contacts=[extracted(day=dt.date(2024, 4, 20))]
    ).contacts[0]
    corrections.merge_contacts(keep=second, others=[first])
    corrections.merge_contacts(keep=third, others=[second])
    first.refresh_from_db()
    assert first.merged_into == third
    assert third.reports.count() == 3


def test_a_merged_contact_url_redirects_to_the_kept_one(client) -> None:
    keep, other = two_contacts()
    corrections.merge_contacts(keep=keep, others=[other])
    response = client.get(f"/contacts/{other.pk}/")
    assert response.status_code in (301, 302)
    assert response.url.endswith(keep.get_absolute_url())


def test_merged_reports_stay_on_the_kept_contact_after_reextraction() -> None:
    keep, other = two_contacts()
    corrections.merge_contacts(keep=keep, others=[other])
    result = corrections.reextract_articles(
        extract=lambda doc: (
            [extracted(day=dt.date(2024, 3, 20))] if "البيان" in doc.text else [extracted()]
        )
    )
    assert result.failed == 0
    assert keep.reports.count() == 2
    assert Contact.objects.public().count() == 1


def test_a_report_split_off_stays_on_its_new_contact_after_reingest() -> None:
    contact = ingest_document(document=document(), contacts=[extracted()]).contacts[0]
    ingest_document(document=document(other_text(1)), contacts=[extracted()])
    assert contact.reports.count() == 2
    report = contact.reports.get(article__text__contains="البيان")
    new = corrections.split_report(report=report)
    ingest_document(document=document(other_text(1)), contacts=[extracted()], reextract=True)
    report.refresh_from_db()
    assert report.contact == new


def test_the_only_report_of_a_contact_cannot_be_split_off() -> None:
    contact = ingest_document(document=document(), contacts=[extracted()]).contacts[0]
    with pytest.raises(ValueError):
        corrections.split_report(report=contact.reports.get())
    assert Contact.objects.count() == 1


def test_a_pinned_date_survives_reingesting_the_same_article() -> None:
    ingest_document(document=document(), contacts=[extracted()])
    pin_date(only_contact())
    ingest_document(document=document(), contacts=[extracted()], reextract=True)
    assert only_contact().date == CORRECT


def test_a_new_report_repeating_the_old_wrong_date_joins_the_corrected_contact() -> None:
    ingest_document(document=document(), contacts=[extracted()])
    pin_date(only_contact(), dt.date(2024, 2, 1))
    ingest_document(document=document(other_text(1)), contacts=[extracted()])
    contact = only_contact()
    assert contact.reports.count() == 2
    assert contact.date == dt.date(2024, 2, 1)


def test_a_report_whose_extracted_date_changes_stays_on_the_corrected_contact() -> None:
    ingest_document(document=document(), contacts=[extracted()])
    pin_date(only_contact())
    improved = extracted(day=dt.date(2024, 3, 2))  # better rules now read another date
    corrections.reextract_articles(extract=lambda doc: [improved])
    contact = only_contact()
    assert contact.reports.count() == 1
    assert contact.reports.get().date == dt.date(2024, 3, 2)
    assert contact.date == CORRECT


def test_rejection_hides_a_contact_from_public_and_unrejecting_brings_it_back() -> None:
    contact = ingest_document(document=document(), contacts=[extracted()]).contacts[0]
    corrections.set_review_status(contacts=[contact], status=Contact.Review.REJECTED)
    assert not Contact.objects.public().exists()
    assert Contact.objects.filter(pk=contact.pk).exists()
    corrections.set_review_status(contacts=[contact], status=Contact.Review.UNREVIEWED)
    assert list(Contact.objects.public()) == [contact]


def test_a_rejected_contact_stays_rejected_after_reextraction() -> None:
    contact = ingest_document(document=document(), contacts=[extracted()]).contacts[0]
    corrections.set_review_status(contacts=[contact], status=Contact.Review.REJECTED)
    corrections.reextract_articles(extract=lambda doc: [extracted()])
    assert not Contact.objects.public().exists()


def test_confirming_a_candidate_leader_clears_the_flag() -> None:
    leader = Leader.objects.create(slug="x", name_ar="س", country_id="FR", is_candidate=True)
    corrections.confirm_leader(leader=leader)
    leader.refresh_from_db()
    assert not leader.is_candidate


def test_merging_a_candidate_leader_moves_its_contacts_and_keeps_its_spelling() -> None:
    candidate = Leader.objects.create(
        slug="fr-macron", name_ar="امانويل ماكرون", name_en="", country_id="FR", is_candidate=True
    )
    ingest_document(document=document(), contacts=[extracted()])
    contact = only_contact()
    report = contact.reports.get()
    from timeline.ingest import set_participants

    set_participants(contact, [Leader.objects.get(slug="abdel-fattah-el-sisi"), candidate])
    report.participants[1]["leader"] = "fr-macron"
    report.signature = report.signature.replace("emmanuel-macron", "fr-macron")
    report.save()
    macron = Leader.objects.get(slug="emmanuel-macron")
    corrections.merge_leader(candidate=candidate, into=macron)
    contact.refresh_from_db()
    macron.refresh_from_db()
    assert not Leader.objects.filter(slug="fr-macron").exists()
    assert "امانويل ماكرون" in macron.aliases_ar
    assert contact.pair_key == "abdel-fattah-el-sisi|emmanuel-macron"
    assert "fr-macron" not in contact.reports.get().signature


def test_adding_spellings_skips_ones_already_known() -> None:
    leader = Leader.objects.get(slug="emmanuel-macron")
    added = corrections.add_spellings(
        leader=leader, spellings=["ماكرون", " ماكرون ", leader.name_ar]
    )
    assert added == ["ماكرون"]


def test_reextract_uses_the_given_extraction_on_every_article() -> None:
    ingest_document(document=document(), contacts=[extracted()])
    ingest_document(document=document(other_text(1)), contacts=[extracted()])
    seen = []
    result = corrections.reextract_articles(extract=lambda doc: seen.append(doc.text) or [])
    assert result.articles == 2
    assert len(seen) == 2
    assert not Report.objects.exists()  # nobody had looked at the contact: it goes


def test_reextract_counts_a_failing_article_and_goes_on() -> None:
    ingest_document(document=document(), contacts=[extracted()])
    ingest_document(document=document(other_text(1)), contacts=[extracted()])

    def flaky(doc):
        if "البيان" in doc.text:
            raise RuntimeError("boom")
        return [extracted()]

    result = corrections.reextract_articles(extract=flaky)
    assert (result.articles, result.failed) == (1, 1)


def test_the_reextract_command_prints_counts(monkeypatch, capsys) -> None:
    ingest_document(document=document(), contacts=[extracted()])
    monkeypatch.setattr(corrections, "db_extractor", lambda: lambda doc: [extracted()])
    call_command("reextract")
    assert "articles 1, contacts 1, failed 0" in capsys.readouterr().out
    assert Article.objects.count() == 1


def test_the_review_queue_puts_the_worst_contact_first() -> None:
    good = ingest_document(document=document(), contacts=[extracted()]).contacts[0]
    guess = extracted("joe-biden", "emmanuel-macron", rule="published", confidence=0.4)
    bad = ingest_document(document=document(other_text(1)), contacts=[guess]).contacts[0]
    queue = list(corrections.review_queue())
    assert queue == [bad]
    reasons = corrections.review_reasons(queue[0])
    assert "uncertain date" in reasons
    assert any("low confidence" in r for r in reasons)
    assert good not in queue


def test_the_review_queue_flags_reports_that_disagree() -> None:
    ingest_document(document=document(), contacts=[extracted()])
    ingest_document(document=document(other_text(1)), contacts=[extracted(initiator="FR")])
    contact = corrections.review_queue().get()
    assert any("initiator" in r for r in corrections.review_reasons(contact))


def test_verified_contacts_leave_the_review_queue() -> None:
    contact = ingest_document(document=document(), contacts=[extracted(confidence=0.3)]).contacts[0]
    corrections.set_review_status(contacts=[contact], status=Contact.Review.VERIFIED)
    assert not corrections.review_queue().exists()


def exported_ids(client) -> list[int]:
    body = b"".join(client.get("/export.jsonl").streaming_content).decode()
    return [json.loads(line)["id"] for line in body.splitlines() if line.strip()]


def test_rejection_hides_a_contact_from_pages_and_exports(client) -> None:
    contact = ingest_document(document=document(), contacts=[extracted()]).contacts[0]
    assert exported_ids(client) == [contact.pk]
    corrections.set_review_status(contacts=[contact], status=Contact.Review.REJECTED)
    assert exported_ids(client) == []
    page = client.get("/contacts/").content.decode()
    assert f"/contacts/{contact.pk}/" not in page
    corrections.set_review_status(contacts=[contact], status=Contact.Review.VERIFIED)
    assert exported_ids(client) == [contact.pk]
    assert f"/contacts/{contact.pk}/" in client.get("/contacts/").content.decode()

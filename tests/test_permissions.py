import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from tests.helpers_corrections import document, extracted, make_reference, only_contact
from timeline.ingest import ingest_document
from timeline.models import Contact, Leader

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact() -> Contact:
    make_reference()
    ingest_document(document=document(), contacts=[extracted()])
    return only_contact()


def login(client: Client, *, staff: bool, group: str | None = None) -> User:
    user = User.objects.create_user("someone", password="pw", is_staff=staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def write_urls(contact: Contact) -> list[str]:
    report = contact.reports.get()
    return [
        reverse("admin:timeline_contact_change", args=[contact.pk]),
        reverse("admin:timeline_contact_set_review", args=[contact.pk, "rejected"]),
        reverse("admin:timeline_contact_split", args=[contact.pk, report.pk]),
        reverse("admin:timeline_contact_changelist"),
        reverse("admin:timeline_article_add_articles"),
    ]


def test_anonymous_users_are_sent_to_the_admin_login(client, contact) -> None:
    for url in [reverse("admin:index"), reverse("admin:timeline_contact_review")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_anonymous_posts_change_nothing(client, contact) -> None:
    for url in write_urls(contact):
        response = client.post(url, {"action": "reject", "_selected_action": [contact.pk]})
        assert response.status_code == 302 and "login" in response.url
    assert only_contact().review_status == "unreviewed"


def test_non_staff_users_are_sent_to_the_admin_login(client, contact) -> None:
    login(client, staff=False)
    response = client.get(reverse("admin:timeline_contact_changelist"))
    assert response.status_code == 302 and "login" in response.url
    for url in write_urls(contact):
        client.post(url, {"action": "reject", "_selected_action": [contact.pk]})
    assert only_contact().review_status == "unreviewed"


def test_staff_without_permissions_cannot_change_a_contact(client, contact) -> None:
    login(client, staff=True)
    url = reverse("admin:timeline_contact_set_review", args=[contact.pk, "rejected"])
    assert client.post(url).status_code == 403
    change = reverse("admin:timeline_contact_change", args=[contact.pk])
    assert client.get(change).status_code == 403
    assert only_contact().review_status == "unreviewed"


def test_the_review_button_refuses_get(client, contact) -> None:
    login(client, staff=True, group="editor")
    url = reverse("admin:timeline_contact_set_review", args=[contact.pk, "rejected"])
    assert client.get(url).status_code == 405
    assert only_contact().review_status == "unreviewed"


def test_posts_without_a_csrf_token_are_refused(contact) -> None:
    client = Client(enforce_csrf_checks=True)
    login(client, staff=True, group="editor")
    url = reverse("admin:timeline_contact_set_review", args=[contact.pk, "rejected"])
    assert client.post(url).status_code == 403
    assert only_contact().review_status == "unreviewed"


def test_the_editor_group_exists_after_migrate() -> None:
    codenames = set(Group.objects.get(name="editor").permissions.values_list("codename", flat=True))
    for model in ("contact", "report", "leader", "topic", "article"):
        assert f"change_{model}" in codenames
    assert "delete_contact" not in codenames
    assert not {"change_user", "add_user", "change_group"} & codenames


def test_editors_can_correct_contacts_leaders_topics_and_articles(client, contact) -> None:
    login(client, staff=True, group="editor")
    for name in ("contact", "leader", "topic", "article", "report"):
        assert client.get(reverse(f"admin:timeline_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:timeline_contact_review")).status_code == 200
    url = reverse("admin:timeline_contact_set_review", args=[contact.pk, "verified"])
    assert client.post(url).status_code == 302
    assert only_contact().review_status == "verified"


def test_editors_cannot_see_or_change_users(client) -> None:
    user = login(client, staff=True, group="editor")
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    url = reverse("admin:auth_user_change", args=[user.pk])
    assert client.post(url, {"username": user.username, "is_superuser": "on"}).status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


def test_editors_can_merge_a_candidate_leader(client, contact) -> None:
    login(client, staff=True, group="editor")
    candidate = Leader.objects.create(
        slug="c", name_ar="ماكرون", country_id="FR", is_candidate=True
    )
    url = reverse("admin:timeline_leader_merge", args=[candidate.pk])
    into = Leader.objects.get(slug="emmanuel-macron")
    assert client.post(url, {"into": into.pk}).status_code == 302
    assert not Leader.objects.filter(pk=candidate.pk).exists()


def test_posting_to_public_pages_changes_nothing(client, contact) -> None:
    before = list(Contact.objects.values_list("pk", "review_status", "date", "updated_at"))
    for url in ("/", "/contacts/", f"/contacts/{contact.pk}/", "/export.csv"):
        client.post(url, {"review_status": "rejected", "date": "2000-01-01"})
    after = list(Contact.objects.values_list("pk", "review_status", "date", "updated_at"))
    assert after == before

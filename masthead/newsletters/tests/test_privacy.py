"""Subscribers in the readers' data export and erasure; CSV export and import."""

import json

from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from masthead.newsletters import links
from masthead.newsletters.models import Subscriber
from masthead.users.models import User

pytestmark = pytest.mark.django_db


def member_of(client, group: str) -> None:
    user = User.objects.create_user(username=group, password="x", email=f"{group}@example.org")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)


def test_readers_data_exports_and_erases_subscriptions(client, home, subscribed):
    [subscriber] = subscribed(1)
    old_link = f"/newsletter/preferences/{links.manage_token(subscriber)}/"
    member_of(client, "Administrators")
    response = client.post(
        "/admin/readers-data/", {"email": subscriber.email.upper(), "export": "1"}
    )
    data = json.loads(response.content)
    assert data["newsletters"][0]["newsletters"] == ["Breaking news"]
    client.post(
        "/admin/readers-data/", {"email": subscriber.email, "erase": "1", "confirm_erase": "on"}
    )
    assert not Subscriber.objects.exists()
    assert client.get(old_link).status_code == 400


def test_csv_export_and_import(client, breaking, subscribed, django_capture_on_commit_callbacks):
    subscribed(2)
    member_of(client, "Editors")
    page = client.get(f"/admin/newsletters/{breaking.pk}/import/").content.decode()
    assert f"Import subscribers: {breaking.name}" in page
    exported = client.get(f"/admin/newsletters/{breaking.pk}/export/").content.decode()
    assert exported.splitlines()[0] == "email,confirmed,consented"
    assert "reader0@example.org" in exported and len(exported.splitlines()) == 3
    upload = SimpleUploadedFile(
        "list.csv",
        b"email,consented\nnew@example.org,yes\nask@example.org,no\nnot an address,yes\n"
        b"reader0@example.org,yes\n",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/newsletters/{breaking.pk}/import/", {"file": upload})
    assert response.status_code == 302
    assert Subscriber.objects.get(email="new@example.org").is_confirmed
    assert not Subscriber.objects.get(email="ask@example.org").is_confirmed
    assert [m.to for m in mail.outbox] == [["ask@example.org"]]
    assert breaking.subscriptions.count() == 3


def test_a_bad_csv_is_refused_with_a_message(client, breaking):
    member_of(client, "Editors")
    for content in (b"name\nx\n", b"\xff\xfe\x00garbage"):
        upload = SimpleUploadedFile("list.csv", content)
        response = client.post(f"/admin/newsletters/{breaking.pk}/import/", {"file": upload})
        assert response.status_code == 200
        assert "error-message" in response.content.decode()


def test_writers_and_moderators_cannot_export(client, breaking):
    for group in ("Writers", "Moderators"):
        member_of(client, group)
        response = client.get(f"/admin/newsletters/{breaking.pk}/export/")
        # Wagtail's admin turns a refusal into a redirect to the dashboard, with a message.
        assert response.status_code in (302, 403) and b"reader" not in response.content


def test_a_provider_bounce_or_complaint_unsubscribes(subscribed):
    from types import SimpleNamespace

    from masthead.newsletters.signals import provider_event

    first, second, third = subscribed(3)
    for subscriber, kind in ((first, "bounced"), (second, "complained"), (third, "opened")):
        event = SimpleNamespace(event_type=kind, recipient=subscriber.email, description="x")
        provider_event(None, event, esp_name="Postmark")
    assert [s.subscriptions.exists() for s in (first, second, third)] == [False, False, True]
    assert Subscriber.objects.get(pk=first.pk).bounced_at

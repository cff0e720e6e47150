"""Every role against the admin's main screens: one table says who gets in.

A screen is allowed when it answers 200; refused when Wagtail sends the person away
(302: to the sign-in page, or to the dashboard with "Sorry, you do not have
permission") or answers 403. Issue 12, finding 6: a writer could open another
writer's draft and delete it.
"""

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

import pytest

from masthead.editorial import roles
from masthead.news.models import ArticlePage
from masthead.news.tests.factories import ArticlePageFactory

W, E, M, A, ANON = roles.WRITERS, roles.EDITORS, roles.MODERATORS, roles.ADMINISTRATORS, None

# screen: the roles allowed in (anyone else, anonymous readers included, is refused).
ALLOWED = {
    "dashboard": {W, E, M, A},
    "explorer": {W, E, A},
    "edit own draft": {W, E, A},
    "edit another's draft": {E, A},
    "delete own draft": {W, E, A},
    "delete another's draft": {E, A},
    "unpublish (publish rights)": {E, A},
    "comment queue": {E, M, A},
    "readers' data": {A},
    "site settings": {A},
    "users": {A},
}
ROLES = [W, E, M, A, ANON]


def url_of(screen: str, pages: dict, site_pk: int) -> str:
    page_url = {
        "explorer": ("wagtailadmin_explore", pages["section"]),
        "edit own draft": ("wagtailadmin_pages:edit", pages["own"]),
        "edit another's draft": ("wagtailadmin_pages:edit", pages["other"]),
        "delete own draft": ("wagtailadmin_pages:delete", pages["own"]),
        "delete another's draft": ("wagtailadmin_pages:delete", pages["other"]),
        "unpublish (publish rights)": ("wagtailadmin_pages:unpublish", pages["live"]),
    }
    if screen in page_url:
        name, page = page_url[screen]
        return reverse(name, args=(page.pk,))
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "comment queue": "/admin/snippets/comments/comment/",
        "readers' data": reverse("comments_reader_data"),
        "site settings": reverse("wagtailsettings:edit", args=("core", "sitesettings", site_pk)),
        "users": reverse("wagtailusers_users:index"),
    }[screen]


def signed_in(django_user_model, group: str | None, name: str) -> tuple[Client, object]:
    client = Client()
    if group is None:
        return client, None
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "a-passphrase")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client, user


@pytest.fixture
def newsroom(db, django_user_model, section):
    """Whoever is signed in owns one draft; another writer owns another."""

    def make(group: str | None):
        client, user = signed_in(django_user_model, group, "me")
        _, colleague = signed_in(django_user_model, W, "colleague")
        pages = {
            "section": section,
            "own": ArticlePageFactory(parent=section, slug="own", live=False, owner=user),
            "other": ArticlePageFactory(parent=section, slug="other", live=False, owner=colleague),
            "live": ArticlePageFactory(parent=section, slug="live", owner=colleague),
        }
        return client, pages

    return make


@pytest.mark.parametrize("group", ROLES, ids=lambda g: g or "anonymous")
def test_each_role_reaches_exactly_its_screens(newsroom, home, group):
    client, pages = newsroom(group)
    outcomes = {}
    for screen in ALLOWED:
        status = client.get(url_of(screen, pages, home.get_site().pk)).status_code
        assert status in (200, 302, 403), (screen, status)
        outcomes[screen] = status == 200
    expected = {screen: group in allowed for screen, allowed in ALLOWED.items()}
    assert outcomes == expected


def test_a_writer_cannot_delete_another_writers_draft(newsroom):
    client, pages = newsroom(W)
    client.post(reverse("wagtailadmin_pages:delete", args=(pages["other"].pk,)))
    assert ArticlePage.objects.filter(pk=pages["other"].pk).exists()
    client.post(reverse("wagtailadmin_pages:delete", args=(pages["own"].pk,)))
    assert not ArticlePage.objects.filter(pk=pages["own"].pk).exists()


def test_a_writer_cannot_delete_their_own_article_once_published(newsroom, django_user_model):
    client, pages = newsroom(W)
    mine = pages["own"]
    mine.save_revision().publish()
    client.post(reverse("wagtailadmin_pages:delete", args=(mine.pk,)))
    assert ArticlePage.objects.filter(pk=mine.pk, live=True).exists()


def test_the_data_migration_takes_change_from_writers_of_an_older_install(db, home):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Permission

    from wagtail.models import GroupPagePermission, Page

    migration = import_module(
        "masthead.editorial.migrations.0003_writers_edit_only_their_own_pages"
    )
    writers = Group.objects.get(name=W)
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    GroupPagePermission.objects.create(
        group=writers, page=Page.get_first_root_node(), permission=change
    )
    migration.writers_edit_their_own(apps, None)
    granted = GroupPagePermission.objects.filter(group=writers)
    assert sorted(granted.values_list("permission__codename", flat=True)) == ["add_page"]
    migration.writers_edit_every_page(apps, None)  # and back
    assert granted.filter(permission=change).exists()

from django.contrib.auth.models import Group

import pytest

from masthead.editorial import roles


@pytest.fixture
def member(db, django_user_model):
    """A user in one of the newsroom's groups, logged in to a client of their own."""
    from django.test import Client

    def make(group_name: str) -> Client:
        user = django_user_model.objects.create_user(
            group_name.lower(), f"{group_name.lower()}@example.org", "a-long-passphrase"
        )
        user.groups.add(Group.objects.get(name=group_name))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def writer(member):
    return member(roles.WRITERS)


@pytest.fixture
def editor(member):
    return member(roles.EDITORS)

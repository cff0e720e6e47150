"""Accounts Masthead itself creates."""

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction


@dataclass(frozen=True)
class AdminLogin:
    username: str
    password: str | None
    created: bool


def admin_ensure(*, username: str, credentials_file: Path) -> AdminLogin:
    """Create the first administrator with a random password, once.

    The password is generated per installation (never a fixed, published one) and kept
    in a file only its owner can read, so `make run` can show it again next time.
    A password changed in the admin is not in the file: then only the username is shown.
    """
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(username=username, email="", password=password)
            credentials_file.parent.mkdir(parents=True, exist_ok=True)
            credentials_file.write_text(f"{username}\n{password}\n")
            credentials_file.chmod(0o600)
            return AdminLogin(username=username, password=password, created=True)
    stored = credentials_file.read_text().split() if credentials_file.exists() else []
    password = (
        stored[1]
        if len(stored) == 2 and stored[0] == username and user.check_password(stored[1])
        else None
    )
    return AdminLogin(username=username, password=password, created=False)

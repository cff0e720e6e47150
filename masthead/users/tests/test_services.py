from django.core.management import call_command

from masthead.users.models import User
from masthead.users.services import admin_ensure


def test_first_admin_gets_a_random_password_kept_in_a_private_file(db, tmp_path):
    credentials = tmp_path / "admin-login.txt"
    login = admin_ensure(username="admin", credentials_file=credentials)
    user = User.objects.get(username="admin")
    assert login.created and user.is_superuser
    assert user.check_password(login.password)
    assert len(login.password) >= 16
    assert credentials.stat().st_mode & 0o777 == 0o600


def test_two_installations_get_different_passwords(db, tmp_path):
    first = admin_ensure(username="one", credentials_file=tmp_path / "one.txt")
    second = admin_ensure(username="two", credentials_file=tmp_path / "two.txt")
    assert first.password != second.password


def test_second_run_shows_the_same_login_without_creating_anyone(db, tmp_path):
    credentials = tmp_path / "admin-login.txt"
    first = admin_ensure(username="admin", credentials_file=credentials)
    second = admin_ensure(username="admin", credentials_file=credentials)
    assert not second.created
    assert second.password == first.password
    assert User.objects.count() == 1


def test_a_changed_password_is_not_shown(db, tmp_path):
    credentials = tmp_path / "admin-login.txt"
    admin_ensure(username="admin", credentials_file=credentials)
    user = User.objects.get()
    user.set_password("changed-by-the-owner")
    user.save()
    assert admin_ensure(username="admin", credentials_file=credentials).password is None


def test_command_prints_the_admin_address_and_login(db, settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path
    call_command("ensure_admin")
    output = capsys.readouterr().out
    assert "/admin/" in output
    assert "username: admin" in output
    password = (tmp_path / "admin-login.txt").read_text().split()[1]
    assert f"password: {password}" in output

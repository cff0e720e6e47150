from django.conf import settings
from django.core.management.base import BaseCommand

from masthead.users.services import admin_ensure


class Command(BaseCommand):
    help = "Create the first administrator with a random password if there is none, and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        credentials_file = settings.DATA_DIR / "admin-login.txt"
        login = admin_ensure(username=username, credentials_file=credentials_file)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/"))
        self.stdout.write(f"  username: {login.username}")
        if login.password:
            self.stdout.write(f"  password: {login.password}")
            self.stdout.write(f"  (generated for this installation, kept in {credentials_file})")
        else:
            self.stdout.write(
                f"  password: the one you set; to set a new one: masthead changepassword {login.username}"
            )
        self.stdout.write("")

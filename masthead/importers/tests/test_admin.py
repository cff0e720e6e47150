"""The admin's Import page: Administrators and Editors upload, and land on the report."""

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import pytest

from masthead.editorial import roles
from masthead.importers.models import ImportRun
from masthead.news.models import ArticlePage

from .conftest import FIXTURES


@pytest.fixture
def member(db, django_user_model):
    def make(group_name: str) -> Client:
        user = django_user_model.objects.create_user(
            group_name.lower(), f"{group_name.lower()}@example.org", "a-long-passphrase"
        )
        user.groups.add(Group.objects.get(name=group_name))
        client = Client()
        client.force_login(user)
        return client

    return make


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.django_db
class TestImportPage:
    @pytest.mark.parametrize("group", [roles.ADMINISTRATORS, roles.EDITORS])
    def test_administrators_and_editors_see_it_in_the_settings_menu(self, home, member, group):
        client = member(group)
        assert client.get("/admin/import/").status_code == 200
        assert "/admin/import/" in client.get("/admin/").content.decode()

    @pytest.mark.parametrize("group", [roles.WRITERS, roles.MODERATORS])
    def test_other_roles_are_refused(self, home, member, group):
        client = member(group)
        # Wagtail answers a refusal in its admin with a redirect and a message.
        for url in ("/admin/import/", "/admin/export/wxr/"):
            response = client.get(url)
            assert response.status_code in (302, 403) and "/admin/import" not in response.get(
                "Location", ""
            )
        assert client.post(
            "/admin/import/", {"file": upload("a.txt", b"Title\n\nText")}
        ).status_code in (302, 403)
        assert not ImportRun.objects.exists()
        assert "/admin/import/" not in client.get("/admin/", follow=True).content.decode()

    def test_an_upload_imports_and_ends_on_the_report(self, home, member):
        client = member(roles.EDITORS)
        response = client.post(
            "/admin/import/",
            {"file": upload("wordpress.xml", (FIXTURES / "wordpress.xml").read_bytes())},
            follow=True,
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "<progress" in page and "Report" in page
        assert "Bridge reopens after two years" in page
        assert ArticlePage.objects.count() == 2
        run = ImportRun.objects.get()
        assert run.status == "done" and run.report["counts"]["created"] == 2

    def test_a_bad_file_ends_on_a_report_that_says_why(self, home, member):
        client = member(roles.ADMINISTRATORS)
        response = client.post(
            "/admin/import/", {"file": upload("export.xml", b"%PDF-1.7 not really")}, follow=True
        )
        assert response.status_code == 200
        assert "this is a PDF" in response.content.decode()
        assert not ArticlePage.objects.exists()

    def test_no_file_is_a_form_error(self, home, member):
        response = member(roles.EDITORS).post("/admin/import/", {})
        assert response.status_code == 200 and "error-message" in response.content.decode()


@pytest.mark.django_db
class TestExportDownloads:
    def test_wxr(self, home, member):
        response = member(roles.EDITORS).get("/admin/export/wxr/")
        assert response.status_code == 200
        assert b"<wp:wxr_version>1.2</wp:wxr_version>" in b"".join(response.streaming_content)

    def test_json_zip(self, home, member):
        response = member(roles.EDITORS).get("/admin/export/json/")
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        assert b"".join(response.streaming_content).startswith(b"PK")

    def test_an_unknown_kind_is_not_found(self, home, member):
        assert member(roles.EDITORS).get("/admin/export/pdf/").status_code == 404

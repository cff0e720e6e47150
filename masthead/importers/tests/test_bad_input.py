"""Bad input gets a clear message naming the file and the place, and writes nothing."""

import zipfile

from wagtail.models import Page

import pytest

from masthead.importers.services import ImportOptions, import_path
from masthead.importers.sources import ZipLimits
from masthead.news.models import ArticlePage

from .conftest import FIXTURES

WXR = (FIXTURES / "wordpress.xml").read_bytes()
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&secret;</title></item></channel></rss>"""


def refused(path, **options) -> str:
    pages = Page.objects.count()
    report = import_path(path, options=ImportOptions(**options))
    assert report.error, report.lines()
    assert str(path) in report.error
    assert Page.objects.count() == pages and not report.items
    return report.error


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.django_db
class TestRefusedFiles:
    def test_a_truncated_wxr_names_the_line(self, home, tmp_path):
        error = refused(write(tmp_path, "cut.xml", WXR[: len(WXR) // 2]))
        assert "malformed XML" in error and "cut.xml:" in error

    def test_malformed_json_names_line_and_column(self, home, tmp_path):
        error = refused(write(tmp_path, "ghost.json", b'{"db": [{"data": {"posts": [}]}'))
        assert "malformed JSON" in error and "ghost.json:1:" in error

    def test_json_that_is_not_a_ghost_export(self, home, tmp_path):
        assert "not a Ghost export" in refused(write(tmp_path, "x.json", b'{"hello": 1}'))

    def test_a_pdf_named_xml(self, home, tmp_path):
        assert "PDF" in refused(
            write(tmp_path, "export.xml", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
        )

    def test_an_empty_file(self, home, tmp_path):
        assert "empty" in refused(write(tmp_path, "export.xml", b""))

    def test_xml_that_is_not_wordpress(self, home, tmp_path):
        assert "not a WordPress export" in refused(
            write(tmp_path, "x.xml", b"<?xml version='1.0'?><svg></svg>")
        )

    def test_billion_laughs_is_refused(self, home, tmp_path):
        assert "refused" in refused(write(tmp_path, "lol.xml", BILLION_LAUGHS))

    def test_external_entities_are_refused(self, home, tmp_path):
        assert "refused" in refused(write(tmp_path, "xxe.xml", EXTERNAL_ENTITY))

    def test_html_with_no_article(self, home, tmp_path):
        page = b"<!doctype html><html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
        assert "no article" in refused(write(tmp_path, "menu.html", page))

    def test_text_in_an_unknown_encoding(self, home, tmp_path):
        text = "Élection à Nîmes\n\nLe maire sortant est réélu au premier tour.".encode("latin-1")
        assert "encoding" in refused(write(tmp_path, "page.txt", text))

    def test_a_missing_file(self, home, tmp_path):
        assert "no such file" in refused(tmp_path / "nowhere.xml")


def zipped(tmp_path, members: dict[str, bytes]):
    path = tmp_path / "pages.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.django_db
class TestRefusedArchives:
    page = (FIXTURES / "wix_page.htm").read_bytes()

    def test_a_path_climbing_out(self, home, tmp_path):
        assert "path out of the archive" in refused(
            zipped(tmp_path, {"ok.html": self.page, "../../evil.html": self.page})
        )
        assert not (tmp_path.parent / "evil.html").exists()

    def test_an_absolute_path(self, home, tmp_path):
        assert "path out of the archive" in refused(zipped(tmp_path, {"/etc/evil.html": self.page}))

    def test_a_zip_bomb_by_ratio(self, home, tmp_path):
        assert "over 100×" in refused(zipped(tmp_path, {"zeros.txt": b"0" * 5_000_000}))

    def test_too_many_members(self, home, tmp_path):
        members = {f"page{n}.txt": b"Title\n\nText." for n in range(5)}
        assert "more than 3 files" in refused(
            zipped(tmp_path, members), zip_limits=ZipLimits(members=3)
        )

    def test_too_large_once_unpacked(self, home, tmp_path):
        limits = ZipLimits(total_bytes=1000)
        assert "more than the size allowed" in refused(
            zipped(tmp_path, {"a.html": self.page}), zip_limits=limits
        )

    def test_a_damaged_zip(self, home, tmp_path):
        data = zipped(tmp_path, {"a.html": self.page}).read_bytes()
        assert "damaged zip" in refused(write(tmp_path, "bad.zip", data[:40] + b"\x00" * 30))


@pytest.mark.django_db
def test_an_item_over_the_models_limits_fails_alone(home, tmp_path):
    long_title = b"A" * 300
    data = WXR.replace(
        b"<title><![CDATA[Budget vote next week]]></title>",
        b"<title><![CDATA[" + long_title + b"]]></title>",
    )
    report = import_path(write(tmp_path, "long.xml", data), options=ImportOptions())
    assert report.counts["created"] == 1 and report.counts["failed"] == 1
    failure = report.failures[0]
    assert "item 2" in failure.place and "title" in failure.reason and "255" in failure.reason
    assert ArticlePage.objects.count() == 1


@pytest.mark.django_db
def test_a_bad_page_in_a_folder_fails_alone(home, tmp_path):
    (tmp_path / "good.html").write_bytes((FIXTURES / "wix_page.htm").read_bytes())
    (tmp_path / "menu.html").write_bytes(b"<html><body><nav>Home</nav></body></html>")
    report = import_path(tmp_path, options=ImportOptions())
    assert report.counts["created"] == 1 and report.counts["failed"] == 1
    assert "menu.html" in report.failures[0].place

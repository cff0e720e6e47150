"""--fetch-media reads images from public addresses only (no network in these tests)."""

import http.server
import socket
import threading

import pytest

from masthead.importers import media
from masthead.importers.media import CheckedRedirects, RefusedAddress, fetched
from masthead.importers.services import ImportOptions, import_path

from .test_batch import HEAD

REFUSED = [
    "http://127.0.0.1/a.png",
    "http://127.8.9.10:8080/a.png",
    "http://10.1.2.3/a.png",
    "http://172.16.0.1/a.png",
    "http://172.31.255.254/a.png",
    "http://192.168.1.1/a.png",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/a.png",
    "http://100.64.0.1/a.png",
    "https://[::1]/a.png",
    "https://[fc00::1]/a.png",
    "https://[fd12:3456::1]/a.png",
    "https://[fe80::1]/a.png",
    "https://[::ffff:127.0.0.1]/a.png",
]


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("nothing may be fetched")

    monkeypatch.setattr(media.OPENER, "open", refuse)


@pytest.mark.parametrize("url", REFUSED)
def test_private_loopback_and_link_local_addresses_are_refused(url, no_network):
    with pytest.raises(RefusedAddress, match="not a public address"):
        fetched(url)


def test_a_redirect_to_a_private_address_is_refused():
    with pytest.raises(RefusedAddress):
        CheckedRedirects().redirect_request(None, None, 302, "Found", {}, "http://10.0.0.5/x")


@pytest.mark.django_db
def test_the_report_says_why_an_image_was_not_fetched(home, tmp_path, no_network):
    body = '<p>Text of the story.</p><img src="http://169.254.169.254/latest/a.png" alt="A">'
    wxr = tmp_path / "fetch.xml"
    wxr.write_text(
        HEAD
        + "<item><title>Fetch</title><guid>f-1</guid><wp:post_id>1</wp:post_id>"
        + f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        + "<wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>",
        encoding="utf-8",
    )
    report = import_path(wxr, options=ImportOptions(fetch_media=True))
    assert report.counts["created"] == 1
    (warning,) = report.items[0].warnings
    assert "169.254.169.254" in warning and "not a public address" in warning


@pytest.fixture
def image_server():
    """An HTTP server on the loopback that answers every GET with a few bytes and counts."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"image")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], requests
    server.shutdown()
    server.server_close()


def test_a_name_that_turns_private_after_the_check_is_refused_at_connection(
    image_server, monkeypatch
):
    port, requests = image_server
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])

    def rebinding(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(media.socket, "getaddrinfo", rebinding)
    with pytest.raises(RefusedAddress, match="not a public address"):
        fetched(f"http://rebind.example:{port}/a.png")
    assert requests == []


def test_the_checked_connection_fetches_what_the_check_allows(image_server, monkeypatch):
    port, requests = image_server
    monkeypatch.setattr(
        media, "public_addresses", lambda host, port, place: socket.getaddrinfo(host, port)
    )
    assert fetched(f"http://127.0.0.1:{port}/a.png") == b"image"
    assert requests == ["/a.png"]

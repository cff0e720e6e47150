"""Two app processes, each with its own memory, agree on what changed.

Both serve through the production WSGI front; the change is made by this test process,
as an editor's request to a third process would. The versions are shared through the
memory-mapped file (SQLite, one host) or through Redis (when REDIS_URL is set).
"""

import http.client
import os
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection

import pytest

from masthead.comments.models import Comment
from masthead.comments.services import comment_set_status
from masthead.news.tests.factories import ArticlePageFactory

from .helpers import publish_edit

SERVER = """
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server
from django.core.wsgi import get_wsgi_application
from masthead.pagecache.wsgi import PageCacheApplication

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

make_server("127.0.0.1", int(sys.argv[1]), PageCacheApplication(get_wsgi_application()),
            handler_class=Quiet).serve_forever()
"""


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> tuple[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "localhost"})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    assert response.status == 200, (path, response.status)
    return response.getheader("X-Masthead-Cache"), body


def wait_until_serving(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the app server process stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the app server did not start")


@pytest.fixture
def app_processes(transactional_db):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings.test",
        "MASTHEAD_DATA_DIR": str(settings.DATA_DIR),
        "DATABASE_URL": database_url(),
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen([sys.executable, "-c", SERVER, str(port)], env=env) for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_until_serving(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Harbour talks", tags=["ports"])


def cache_everywhere(ports, path: str) -> None:
    for port in ports:
        get(port, path)
        assert get(port, path)[0] == "hit"


def test_a_publish_in_one_process_refreshes_the_others(app_processes, article):
    for path in (article.url, "/", "/world/", "/tags/ports/"):
        cache_everywhere(app_processes, path)
    publish_edit(article, title="Harbour talks collapse")
    for number, port in enumerate(app_processes):
        for path in (article.url, "/", "/world/", "/tags/ports/"):
            state, body = get(port, path)
            assert "Harbour talks collapse" in body, (port, path)
            # With Redis the second process may be served what the first stored anew.
            assert state == "miss" or (number and settings.REDIS_URL)


def test_an_approved_comment_reaches_every_process(app_processes, article):
    comment = Comment.objects.create(
        article=article, name="Ana", body="Well reported.", status=Comment.Status.PENDING
    )
    cache_everywhere(app_processes, article.url)
    comment_set_status(comment, Comment.Status.APPROVED)
    for port in app_processes:
        assert "Well reported." in get(port, article.url)[1]


def test_unrelated_pages_stay_cached_in_every_process(app_processes, article, home):
    ArticlePageFactory(parent=article.get_parent(), title="Rice prices", tags=["rice"])
    cache_everywhere(app_processes, "/tags/rice/")
    publish_edit(article, title="Harbour talks resume")
    for port in app_processes:
        assert get(port, "/tags/rice/")[0] == "hit"

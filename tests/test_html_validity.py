"""Every reader page validates with the Nu HTML Checker (npm's vnu-jar, run with the machine's Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from masthead.comments.models import Comment
from masthead.comments.services import feedback_refresh
from masthead.demo.services import load_demo_site

VNU_JAR = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
LEAD = "/world/asean-us-dialogue-siem-reap-2025/"
READER_PAGES = [
    "/",
    "/fr/",
    "/world/",
    LEAD,
    "/fr" + LEAD,
    LEAD + "?reply_to=1",
    "/tags/asean/",
    "/authors/newsroom-staff/",
    "/archive/",
    "/archive/2025/4/",
    "/search/",
    "/search/?q=ASEAN",
    "/search/?q=zebra",
    "/search/?q=!!!",
    "/no-such-page/",
]


@pytest.fixture
def site_with_comments(db):
    load_demo_site()
    from masthead.news.models import ArticlePage

    article = ArticlePage.objects.get(slug="asean-us-dialogue-siem-reap-2025")
    parent = Comment.objects.create(
        pk=1,
        article=article,
        name="Sophea",
        body="Clear account.\nhttps://example.org",
        rating=4,
        status=Comment.Status.APPROVED,
        reader_key="k1",
    )
    Comment.objects.create(
        article=article,
        parent=parent,
        name="Ben",
        body="Agreed.",
        status=Comment.Status.APPROVED,
        reader_key="k2",
    )
    feedback_refresh([article.pk])


def test_reader_pages_have_no_html_errors(site_with_comments, client, tmp_path):
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker"
    assert VNU_JAR.exists(), "Run `make test` (it installs vnu-jar with npm ci)"
    files = []
    for number, url in enumerate(READER_PAGES):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files.append(path)
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{READER_PAGES[int(Path(m['url']).stem.split('-')[1])]}: {m.get('message')} ({m.get('extract', '').strip()[:80]})"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)

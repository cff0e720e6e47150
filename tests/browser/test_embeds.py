"""A reader and an embed: nothing is asked of the provider until the reader presses "Load",
then its player appears in a sandboxed frame (issue 15, item 4). The provider is the
local oEmbed server; no test reaches the internet."""

import pytest

from masthead.embeds.blocks import EmbedBlock, EmbedValue
from masthead.embeds.tests.oembed_server import oembed_server
from masthead.news.models import ArticlePage
from tests.browser.test_csp import Violations
from tests.browser.test_reader import assert_no_axe_violations

pytestmark = pytest.mark.browser

LEAD_PATH = "/world/asean-us-dialogue-siem-reap-2025/"
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def provider(settings, demo_site):
    """The local provider, framed by the reader policy in place of the real players, and
    the lead article with an embed of one of its videos."""
    with oembed_server() as server:
        settings.MASTHEAD_EMBED_PROVIDERS = server.providers()
        directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "frame-src": [server.url]}}
        article = ArticlePage.objects.live().get(url_path__endswith=LEAD_PATH)
        article.body.append(("embed", EmbedBlock().clean(EmbedValue(url=VIDEO))))
        article.save_revision().publish()
        server.requests.clear()
        yield server


def test_the_player_loads_only_when_the_reader_presses_load(demo_site, page, provider, artifacts):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    violations = Violations(page)
    page.goto(demo_site.url + LEAD_PATH)
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if not url.startswith(demo_site.url + "/")] == []
    assert provider.requests == []
    assert page.locator(".embed iframe").count() == 0
    assert_no_axe_violations(page)
    page.locator(".embed").screenshot(path=artifacts / "embed-preview.png")

    page.get_by_role("button", name="Load from YouTube").click()
    player = page.locator("iframe.embed__player")
    assert player.get_attribute("src") == f"{provider.url}/embed/dQw4w9WgXcQ?autoplay=1"
    assert (
        player.get_attribute("sandbox")
        == "allow-scripts allow-same-origin allow-popups allow-presentation"
    )
    assert player.get_attribute("title") == "A video about the talks <dQw4w9WgXcQ>"
    page.frame_locator("iframe.embed__player").get_by_text("The player").wait_for()
    assert provider.requests == ["/embed/dQw4w9WgXcQ?autoplay=1"]
    assert [url for url in requested if not url.startswith(demo_site.url + "/")] == [
        f"{provider.url}/embed/dQw4w9WgXcQ?autoplay=1"
    ]
    assert violations.on(LEAD_PATH) == []
    page.locator(".embed").screenshot(path=artifacts / "embed-loaded.png")


def test_without_javascript_the_reader_has_the_direct_link(demo_site, open_page, provider):
    page = open_page(java_script_enabled=False)
    page.goto(demo_site.url + LEAD_PATH)
    assert not page.locator(".embed__load").is_visible()
    link = page.get_by_role("link", name="Open on YouTube")
    assert link.get_attribute("href") == VIDEO
    assert provider.requests == []

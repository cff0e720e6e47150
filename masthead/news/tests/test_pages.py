"""Reader pages as a browser receives them, checked on the parsed HTML."""

from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from masthead.comments.models import Comment, Rating
from masthead.comments.services import feedback_refresh
from masthead.core.models import SiteSettings
from masthead.news.models import ArticleAuthor, ArticlePage
from masthead.news.tests.factories import ArticlePageFactory, AuthorFactory, NewsImageFactory

LEAD_URL = "/world/asean-us-dialogue-siem-reap-2025/"


def parse(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def lead_article(demo, client) -> BeautifulSoup:
    return parse(client.get(LEAD_URL))


class TestDemoArticlePage:
    def test_first_focusable_element_is_a_skip_link_to_main(self, lead_article):
        first = lead_article.body.find(["a", "button", "input", "select", "textarea"])
        assert first["href"] == "#main"
        assert first.get_text(strip=True) == "Skip to content"
        assert lead_article.find(id="main").name == "main"

    def test_page_ends_with_a_back_to_top_link(self, lead_article):
        last = lead_article.body.find_all("a")[-1]
        assert last["href"] == "#top"
        assert lead_article.find(id="top") is not None

    def test_landmarks_are_present_and_article_is_in_main(self, lead_article):
        for landmark in ("header", "nav", "main", "footer"):
            assert lead_article.find(landmark) is not None, landmark
        assert lead_article.main.find("article") is not None

    def test_has_exactly_one_h1_the_headline(self, lead_article):
        h1s = lead_article.find_all("h1")
        assert len(h1s) == 1
        assert "37th dialogue in Siem Reap" in h1s[0].get_text()

    def test_every_section_heading_is_an_h2_with_a_unique_id(self, lead_article):
        body_headings = lead_article.select(".article__body h2")
        assert [h.get_text() for h in body_headings] == [
            "Key outcomes and discussions",
            "Regional security and geopolitics",
            "Digital economy and emerging technologies",
            "Crisis in Myanmar",
            "Bilateral commitments",
            "Statements",
            "Outlook",
        ]
        ids = [element["id"] for element in lead_article.find_all(id=True)]
        assert len(ids) == len(set(ids))
        assert all(h.get("id") for h in body_headings)

    def test_table_of_contents_links_every_section_heading(self, lead_article):
        toc = lead_article.select_one("nav.toc")
        targets = [a["href"] for a in toc.find_all("a")]
        assert targets == ["#" + h["id"] for h in lead_article.select(".article__body h2")]

    def test_quotes_are_blockquotes_with_speaker_in_figcaption_cite(self, lead_article):
        figures = lead_article.select(".article__body figure.quote")
        speakers = [figure.figcaption.cite.get_text() for figure in figures]
        assert speakers == ["Sean O'Neill", "Kung Phoak"]
        assert all(figure.blockquote for figure in figures)
        assert "Senior Minister" in figures[0].figcaption.get_text()

    def test_byline_dateline_and_machine_readable_date(self, lead_article):
        assert lead_article.select_one(".byline__author").get_text() == "Masthead newsroom"
        assert lead_article.select_one(".dateline").get_text() == "Siem Reap"
        time = lead_article.select_one(".article__meta time")
        assert time["datetime"] == "2025-04-22T10:00:00+00:00"
        assert "2025" in time.get_text()

    def test_article_carries_its_own_language(self, lead_article):
        assert lead_article.find("article", class_="article")["lang"] == "en"

    def test_dek_is_shown(self, lead_article):
        assert "Kung Phoak" in lead_article.select_one("p.dek").get_text()

    def test_social_follow_links_have_names_and_inline_icons(self, lead_article):
        links = lead_article.select("footer nav.follow a")
        names = [link.get_text(strip=True) for link in links]
        assert names == ["Telegram", "YouTube", "Instagram", "Facebook", "X", "LinkedIn"]
        for link in links:
            use = link.select_one("svg use")
            assert link.svg["aria-hidden"] == "true"
            assert lead_article.find("symbol", id=use["href"].lstrip("#")) is not None

    def test_no_resource_is_requested_from_another_host(self, lead_article):
        sources = [tag.get("src") for tag in lead_article.find_all(src=True)]
        loaded = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
        sources += [
            link["href"]
            for link in lead_article.find_all("link", href=True)
            if loaded & set(link["rel"])
        ]
        assert all(not urlsplit(url).netloc for url in sources), sources

    def test_fact_box_lists_the_key_facts(self, lead_article):
        box = lead_article.select_one(".article__body .fact-box")
        assert box["aria-label"] == "The dialogue in brief"
        assert "Place: Siem Reap, Cambodia" in [li.get_text() for li in box.select("li")]

    def test_tags_are_listed(self, lead_article):
        assert "ASEAN" in [li.get_text() for li in lead_article.select("ul.tags li")]


class TestFrenchInterface:
    def test_french_labels_surround_the_english_article(self, demo, client):
        page = parse(client.get("/fr" + LEAD_URL))
        assert page.html["lang"] == "fr"
        assert page.find("a", class_="skip-link").get_text() == "Aller au contenu"
        assert page.select_one("nav.toc h2").get_text() == "Sommaire"
        assert page.select_one(".article__meta time").get_text() == "22 avril 2025"
        assert page.find("article", class_="article")["lang"] == "en"
        assert "37th dialogue" in page.h1.get_text()

    def test_social_networks_keep_their_brand_names_in_french(self, demo, client):
        page = parse(client.get("/fr" + LEAD_URL))
        assert "Telegram" in [a.get_text(strip=True) for a in page.select("nav.follow a")]

    def test_links_stay_in_the_french_interface(self, demo, client):
        page = parse(client.get("/fr/"))
        nav_links = [a["href"] for a in page.select("nav.site-nav a")]
        assert nav_links[0] == "/fr/"
        assert all(href.startswith("/fr/") for href in nav_links)

    def test_language_switcher_links_to_the_same_page(self, demo, client):
        page = parse(client.get(LEAD_URL))
        switcher = {a["lang"]: a["href"] for a in page.select("nav.language-switcher a")}
        assert switcher == {"en": LEAD_URL, "fr": "/fr" + LEAD_URL}


class TestFrontAndSectionPages:
    def test_front_page_leads_with_the_chosen_article_then_the_latest(self, demo, client):
        page = parse(client.get("/"))
        assert "37th dialogue" in page.select_one(".lead-story h2 a").get_text()
        latest = page.select(".latest .teaser")
        assert len(latest) == 7
        assert all(teaser.select_one(".kicker a") for teaser in latest)

    def test_section_page_lists_its_articles_newest_first(self, demo, client):
        page = parse(client.get("/economy/"))
        titles = [a.get_text() for a in page.select(".teaser__title a")]
        assert titles == [
            "Sample: Small exporters weigh the cost of new tariffs",
            "Sample: A port city budgets for higher freight costs",
        ]
        assert page.h1.get_text() == "Economy"

    def test_section_page_paginates(self, section, client):
        for _ in range(21):
            ArticlePageFactory(parent=section)
        first = parse(client.get("/world/"))
        assert len(first.select(".teaser")) == 20
        assert first.select_one("a[rel=next]")["href"] == "?page=2"
        assert len(parse(client.get("/world/?page=2")).select(".teaser")) == 1

    @pytest.mark.parametrize("page_number", ["abc", "-1", "999", "1' OR '1'='1"])
    def test_a_malformed_page_number_is_not_found(self, section, client, page_number):
        ArticlePageFactory(parent=section)
        assert client.get("/world/", {"page": page_number}).status_code == 404

    def test_front_page_without_articles_says_so(self, home, client):
        assert "Nothing has been published yet." in parse(client.get("/")).get_text()

    def test_unpublished_articles_are_not_listed(self, section, client):
        ArticlePageFactory(parent=section, title="Still a draft", live=False)
        assert "Still a draft" not in client.get("/world/").content.decode()

    def test_unknown_address_gives_the_site_404_page(self, demo, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert BeautifulSoup(response.content, "html.parser").h1.get_text() == "Page not found"


class TestArticleRendering:
    def test_featured_and_body_images_have_alt_text_caption_and_credit(self, section, client):
        image = NewsImageFactory()
        article = ArticlePageFactory(
            parent=section,
            featured_image=image,
            body=[
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt_text": "A map of the region",
                        "caption": "The region.",
                        "credit": "Masthead",
                    },
                }
            ],
        )
        page = parse(client.get(article.url))
        featured = page.select_one("figure.featured-image")
        assert featured.img["alt"] == "Delegates seated around a long table"
        assert "The closing session." in featured.figcaption.get_text()
        body_image = page.select_one("figure.body-image")
        assert body_image.img["alt"] == "A map of the region"
        assert body_image.figcaption.select_one(".credit").get_text() == "Masthead"

    def test_several_authors_are_named_in_byline_order(self, section, client):
        first, second = AuthorFactory(name="Dara Sok"), AuthorFactory(name="Claire Martin")
        article = ArticlePageFactory(parent=section)
        ArticleAuthor.objects.create(page=article, author=first, sort_order=0)
        ArticleAuthor.objects.create(page=article, author=second, sort_order=1)
        page = parse(client.get(article.url))
        assert [s.get_text() for s in page.select(".byline__author")] == [
            "Dara Sok",
            "Claire Martin",
        ]

    def test_empty_social_profiles_are_not_shown(self, section, client):
        settings = SiteSettings.for_site(section.get_site())
        settings.telegram_url = "https://t.me/example"
        settings.save()
        article = ArticlePageFactory(parent=section)
        names = [
            a.get_text(strip=True) for a in parse(client.get(article.url)).select("nav.follow a")
        ]
        assert names == ["Telegram"]

    def test_article_in_another_language_is_marked_so(self, section, client):
        article = ArticlePageFactory(parent=section, language="fr", title="Un article en français")
        page = parse(client.get(article.url))
        assert page.find("article", class_="article")["lang"] == "fr"
        assert page.html["lang"] == "en"

    def test_markup_in_text_fields_is_escaped(self, section, client):
        article = ArticlePageFactory(
            parent=section, title="<script>alert(1)</script>", dek="<b>bold</b>"
        )
        page = parse(client.get(article.url))
        scripts = page.find_all("script")
        assert all(
            script.get("src") or script.get("type") == "application/ld+json" for script in scripts
        )
        assert all("<" not in script.get_text() for script in scripts)
        assert page.find("b") is None
        assert "<script>alert(1)</script>" in page.h1.get_text()


def reader_page_query_counts(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm Wagtail's site-root cache, as any later reader finds it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and "X-Masthead-Cache" not in response
        counts[name] = len(queries)
    return counts


def add_articles(section, author, count: int) -> list[ArticlePage]:
    articles = [
        ArticlePageFactory(parent=section, tags=["alpha", "beta"], title=f"Harbour report {n}")
        for n in range(count)
    ]
    for article in articles:
        ArticleAuthor.objects.create(page=article, author=author)
    return articles


@pytest.mark.usefixtures("rendering_every_request")
def test_reader_pages_run_as_many_queries_at_50_articles_as_at_1(section, client):
    author = AuthorFactory()
    (first,) = add_articles(section, author, 1)
    urls = {
        "front": "/",
        "section": "/world/",
        "article": first.url,
        "french article": "/fr" + first.url,
    }
    with_one = reader_page_query_counts(client, urls)
    add_articles(section, author, 49)
    assert reader_page_query_counts(client, urls) == with_one


@pytest.mark.usefixtures("rendering_every_request")
def test_front_page_runs_as_many_queries_with_comments_and_ratings_as_without(section, client):
    articles = add_articles(section, AuthorFactory(), 6)
    without = reader_page_query_counts(client, {"front": "/"})
    for article in articles:
        for number in range(3):
            reader = f"cookie:{article.pk}-{number}"
            Comment.objects.create(
                article=article,
                name=f"Reader {number}",
                body="Agreed.",
                status=Comment.Status.APPROVED,
                reader_key=reader,
            )
            Rating.objects.create(article=article, reader_key=reader, value=number + 3)
    feedback_refresh([article.pk for article in articles])
    page = parse(client.get("/"))
    assert page.select("#most-discussed-title") and page.select("#top-rated-title")
    assert reader_page_query_counts(client, {"front": "/"}) == without


@pytest.mark.usefixtures("rendering_every_request")
def test_a_section_counts_its_live_articles_for_pagination(section, client):
    add_articles(section, AuthorFactory(), 21)
    ArticlePageFactory(parent=section, title="A draft", live=False)
    first = parse(client.get(section.url))
    assert "Page 1 of 2" in first.select_one(".pagination").get_text()
    second = parse(client.get(section.url + "?page=2"))
    assert len(second.select(".teaser")) == 1


def test_titles_name_the_page_then_the_site(demo, client):
    assert (
        parse(client.get("/")).title.get_text() == f"Masthead: {SiteSettings.objects.get().tagline}"
    )
    article_title = parse(client.get(LEAD_URL)).title.get_text()
    assert article_title.startswith("ASEAN and the United States") and article_title.endswith(
        " · Masthead"
    )

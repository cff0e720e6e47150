"""What a reader sees for each search hit: one passage, never the dek twice."""

from bs4 import BeautifulSoup

from masthead.news.tests.factories import ArticlePageFactory

DEK = "Fishermen on the Tonle Sap count a smaller catch for the third year running."


def results(client, query: str) -> list:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select(".search-results > li")


def test_a_match_in_the_dek_shows_the_dek_once_with_the_words_marked(section, client):
    ArticlePageFactory(parent=section, title="Lake harvest", dek=DEK)
    (hit,) = results(client, "fishermen")
    assert hit.get_text().count("Tonle Sap count a smaller catch") == 1
    assert [mark.get_text() for mark in hit.select("mark")] == ["Fishermen"]


def test_a_match_in_the_body_shows_the_passage_around_it(section, client):
    ArticlePageFactory(
        parent=section,
        title="Lake harvest",
        dek=DEK,
        body=[{"type": "paragraph", "value": "<p>Prices at the Siem Reap market doubled.</p>"}],
    )
    (hit,) = results(client, "market")
    assert [mark.get_text() for mark in hit.select(".search-snippet mark")] == ["market"]
    assert hit.get_text().count("Tonle Sap count a smaller catch") == 1

"""The 404 page shows the request's reference in small print, below what the reader needs."""


def test_the_404_page_shows_the_reference_of_its_request(page, demo_site, artifacts):
    response = page.goto(f"{demo_site.url}/no-such-page/")
    assert response.status == 404
    reference = page.locator("main small")
    assert reference.inner_text() == f"Reference: {response.headers['x-request-id']}"
    assert float(reference.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) < float(
        page.locator("main p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    page.screenshot(path=artifacts / "404-reference.png", full_page=True)

from django.urls import reverse

from masthead.core.models import SiteSettings


def test_site_settings_are_editable_in_the_admin(admin_client, home):
    site = home.get_site()
    url = reverse("wagtailsettings:edit", args=("core", "sitesettings", site.pk))
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {"site_name": "The Regional Ledger", "tagline": "News", "x_url": "https://x.com/ledger"},
    )
    assert response.status_code == 302
    settings = SiteSettings.for_site(site)
    assert settings.site_name == "The Regional Ledger"
    assert [link.network for link in settings.social_links()] == ["x"]


def test_a_profile_that_is_not_a_url_is_refused(admin_client, home):
    site = home.get_site()
    url = reverse("wagtailsettings:edit", args=("core", "sitesettings", site.pk))
    response = admin_client.post(
        url, {"site_name": "Ledger", "telegram_url": "javascript:alert(1)"}
    )
    assert response.status_code == 200
    assert SiteSettings.for_site(site).telegram_url == ""


def test_site_name_and_tagline_appear_on_every_page(client, home):
    settings = SiteSettings.for_site(home.get_site())
    settings.site_name, settings.tagline = "The Regional Ledger", "Plain reporting"
    settings.save()
    html = client.get("/").content.decode()
    assert "The Regional Ledger" in html and "Plain reporting" in html

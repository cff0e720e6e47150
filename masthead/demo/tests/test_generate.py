from django.core.management import call_command

from wagtail.models import Page

from masthead.comments.models import ArticleFeedback
from masthead.comments.tests.recount import stored_and_recounted
from masthead.demo.generate import generate_content
from masthead.news.models import ArticlePage


def test_generated_articles_are_real_pages_in_a_sound_tree(db, client):
    result = generate_content(articles=60, comments=400)
    assert result.articles == 60
    generated = ArticlePage.objects.filter(slug__startswith="generated-")
    assert generated.count() == 60
    assert not Page.find_problems()[0] and not any(Page.find_problems()[1:])
    article = generated.order_by("-publication_date").first()
    response = client.get(article.url)
    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert client.get(article.get_parent().url).status_code == 200


def test_generated_feedback_equals_a_recount(db):
    generate_content(articles=20, comments=300)
    for stored in ArticleFeedback.objects.all():
        before, recounted = stored_and_recounted(stored)
        assert before == recounted


def test_generating_twice_adds_more_without_clashing(db, capsys):
    call_command("generate", articles=10, comments=50)
    call_command("generate", articles=10, comments=50)
    assert ArticlePage.objects.filter(slug__startswith="generated-").count() == 20
    assert "Generated 10 articles" in capsys.readouterr().out

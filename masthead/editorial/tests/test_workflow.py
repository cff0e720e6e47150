"""Writer drafts and submits, editor asks for changes, writer resubmits, editor schedules."""

import time
from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from masthead.editorial.scheduler import Scheduler, publish_due
from masthead.editorial.tests.test_roles import add_url, article_data
from masthead.news.models import ArticlePage
from masthead.news.tests.factories import ArticlePageFactory


def edit_url(article) -> str:
    return reverse("wagtailadmin_pages:edit", args=(article.pk,))


def local_minute(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_the_whole_review_workflow_ends_in_a_scheduled_publication(writer, editor, section, client):
    writer.post(add_url(section), {**article_data(), "action-submit": "action-submit"})
    article = ArticlePage.objects.get(slug="roadmap")
    assert article.workflow_in_progress and not article.live

    task_state = article.current_workflow_task_state
    action_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(article.pk, "reject", task_state.pk)
    )
    assert editor.post(
        action_url, {"comment": "Please attribute the second quote."}
    ).status_code in (200, 302)
    article.refresh_from_db()
    assert article.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    writer_view = writer.get(edit_url(article)).content.decode()
    assert "Changes requested" in writer_view
    assert "Please attribute the second quote." in writer_view

    writer.post(
        edit_url(article),
        {
            **article_data(dek="Officials set out next steps, quoted in full."),
            "action-submit": "action-submit",
        },
    )
    article.refresh_from_db()
    assert article.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    go_live = timezone.now() + timedelta(minutes=10)
    approve = {
        **article_data(
            dek="Officials set out next steps, quoted in full.", go_live_at=local_minute(go_live)
        ),
        "action-workflow-action": "true",
        "workflow-action-name": "approve",
    }
    assert editor.post(edit_url(article), approve).status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert article.scheduled_revision is not None
    assert client.get("/world/roadmap/").status_code == 404

    publish_due()  # the scheduler's run before the time: nothing happens
    assert client.get("/world/roadmap/").status_code == 404

    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(seconds=30)):
        publish_due()
    assert client.get("/world/roadmap/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_background_scheduler_publishes_within_its_interval(section, client):
    article = ArticlePageFactory(parent=section, slug="scheduled", live=False)
    revision = article.save_revision()
    article.go_live_at = timezone.now() + timedelta(seconds=1)
    revision = article.save_revision()
    revision.publish()
    assert not ArticlePage.objects.get(pk=article.pk).live

    scheduler = Scheduler(interval=0.2)
    scheduler.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not ArticlePage.objects.get(pk=article.pk).live:
            time.sleep(0.1)
    finally:
        scheduler.stop()
        scheduler.join(timeout=5)
    assert ArticlePage.objects.get(pk=article.pk).live
    assert client.get("/world/scheduled/").status_code == 200


def test_revisions_can_be_compared(editor, section):
    article = ArticlePageFactory(parent=section, title="First headline")
    first = article.latest_revision
    article.title = "Second headline"
    second = article.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=(article.pk, first.pk, second.pk))
    response = editor.get(url)
    assert response.status_code == 200
    assert "Second headline" in response.content.decode()


def test_the_production_scheduler_command_publishes_what_is_due(section, client):
    article = ArticlePageFactory(parent=section, slug="due", live=False)
    article.go_live_at = timezone.now() + timedelta(minutes=5)
    article.save_revision().publish()
    assert client.get("/world/due/").status_code == 404

    def one_run(scheduler):  # in place of the thread, one run in the test's own transaction
        publish_due()
        scheduler.stop()

    later = timezone.now() + timedelta(minutes=6)
    with (
        mock.patch.object(Scheduler, "start", one_run),
        mock.patch("django.utils.timezone.now", return_value=later),
    ):
        call_command("scheduler", interval=0.1)
    assert client.get("/world/due/").status_code == 200

"""The task queue's result rows are pruned by the scheduler: old ones go, recent ones stay."""

from datetime import timedelta

from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from masthead.core import worker
from masthead.editorial.scheduler import Scheduler
from masthead.newsletters.tasks import send_confirmation

pytestmark = pytest.mark.django_db


def finished(days_ago: int) -> DBTaskResult:
    result = send_confirmation.enqueue(0, [])
    DBTaskResult.objects.filter(pk=result.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=days_ago)
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_the_scheduler_prunes_old_task_results_at_most_every_six_hours(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(worker, "_last_pruned", None)
    # Closing the connection after each job would end the test's transaction.
    monkeypatch.setattr("masthead.editorial.scheduler.close_old_connections", lambda: None)
    _old, recent = finished(days_ago=30), finished(days_ago=1)
    waiting = send_confirmation.enqueue(0, [])
    Scheduler().tick()
    kept = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert kept == {str(recent.pk), waiting.id}
    finished(days_ago=30)
    Scheduler().tick()  # within six hours of the last pruning: nothing more
    assert DBTaskResult.objects.count() == 3
    assert worker.prune_task_results(now=worker._last_pruned + worker.PRUNE_EVERY)
    assert DBTaskResult.objects.count() == 2

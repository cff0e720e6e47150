"""Core's process commands run editorial's scheduler through a setting, not an import."""

from io import StringIO
from unittest import mock

from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand

from masthead.core.management.commands.run import Command as RunCommand

started = []


class RecordingScheduler:
    """Stands in for settings.MASTHEAD_SCHEDULER: records that it was started."""

    interval = 12.0

    def start(self):
        started.append(self)


def test_run_starts_the_configured_scheduler_beside_the_development_server(settings):
    settings.MASTHEAD_SCHEDULER = f"{__name__}.RecordingScheduler"
    started.clear()
    output = StringIO()
    with mock.patch.object(RunserverCommand, "inner_run") as serve:
        RunCommand(stdout=output).inner_run()
    assert len(started) == 1
    assert serve.called
    assert "every 12 seconds" in output.getvalue()

"""Acceptance: a worker killed with SIGKILL in the middle of a 2,000-recipient send, then
another started: every recipient got the message exactly once.

Real processes (`masthead worker`), a real SMTP server (aiosmtpd, in this process)
counting what it accepts, the test database shared through its file or PostgreSQL.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

import pytest

from masthead.newsletters.models import Delivery, Send

from .sends import started_send
from .sink import smtp_sink

RECIPIENTS = 2000
pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.newsletters.tests.worker_settings",
        "MASTHEAD_DATA_DIR": str(settings.DATA_DIR),
        "DATABASE_URL": database_url(),
        "TEST_SMTP_PORT": str(port),
    }
    command = [sys.executable, "-m", "masthead.cli", "worker", "--interval", "0.2"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)


def wait_for(condition, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def orphaned_send(breaking) -> Send:
    """A send ready to go, its worker presumed dead: the next worker to start takes it."""
    send = started_send(breaking, subject="Flood warning")
    Send.objects.filter(pk=send.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    return send


def test_a_killed_worker_loses_nothing_and_sends_nothing_twice(breaking, subscribed):
    addresses = {s.email for s in subscribed(RECIPIENTS)}
    send = orphaned_send(breaking)
    with smtp_sink() as (keeper, port):
        first = start_worker(port)
        wait_for(lambda: len(keeper.recipients) >= RECIPIENTS // 4)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        killed_at = len(keeper.recipients)
        assert killed_at < RECIPIENTS, "the send finished before the kill"
        time.sleep(2.5)  # the lease of worker_settings.py, over
        second = start_worker(port)
        try:
            wait_for(lambda: Send.objects.get(pk=send.pk).status == Send.Status.DONE)
        finally:
            second.terminate()
            second.wait(timeout=30)
        received = Counter(keeper.recipients)
    assert set(received) == addresses
    assert max(received.values()) == 1, received.most_common(3)
    assert Delivery.objects.filter(send=send, state=Delivery.State.SENT).count() == RECIPIENTS

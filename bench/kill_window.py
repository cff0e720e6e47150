"""`make bench-kill`: how often a worker killed with SIGKILL mid-send loses a message or
leaves one to be sent twice.

BENCH_KILLS (30) runs, each: one real `masthead worker` with the shipped settings
(MASTHEAD_NEWSLETTER_CONNECTIONS, BATCH, LEASE; nice 10 as the worker unit, BENCH_NICE)
takes a send to BENCH_SUBSCRIBERS (3,000) that looks orphaned, hands it to an SMTP
server in this process (aiosmtpd on 127.0.0.1, keeping each recipient it accepts), and
is killed with SIGKILL at a random moment within BENCH_KILL_WITHIN (2.5) seconds of the
first message. Once the server has taken what the kernel still delivered, the rows
marked sent are compared with what it accepted:

- lost: marked sent, never received (the next worker skips it);
- would be duplicated: received, not marked sent (the next worker sends it again).

BENCH_DATABASE_URL names a PostgreSQL database to use (migrated, its bench rows made
once and reset between runs, so a run costs seconds); unset, a SQLite file in a
throw-away directory. BENCH_SEED makes the kill moments repeatable. Prints each run,
then the totals and the load average before and after.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench.load import free_port
from bench.run import MASTHEAD, bench_env

KILLS = int(os.environ.get("BENCH_KILLS", "30"))
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "3000"))
KILL_WITHIN = float(os.environ.get("BENCH_KILL_WITHIN", "2.5"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "")
SEED = int(os.environ.get("BENCH_SEED", str(random.SystemRandom().randrange(10**6))))
NICE = ["nice", "-n", os.environ.get("BENCH_NICE", "10")]
SLUG = "bench-kill-window"
# After the kill: the server has taken everything once no message came for this long.
SETTLED_AFTER = 1.0


class Keeper:
    """What the SMTP server accepted: each message's recipients, in order."""

    def __init__(self):
        self.lock = threading.Lock()
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.recipients)

    def taken(self) -> list[str]:
        """What it accepted since the last call, emptied for the next run."""
        with self.lock:
            taken, self.recipients = self.recipients, []
        return taken


@dataclass
class Outcome:
    killed_after: float
    received: int
    sent: int
    lost: int
    duplicated: int
    twice: int

    def line(self, number: int) -> str:
        return (
            f"run {number:3}: killed {self.killed_after:.2f} s after the first message; "
            f"received {self.received:,}, marked sent {self.sent:,}: lost {self.lost}, "
            f"would be duplicated {self.duplicated}, received twice {self.twice}"
        )


def prepare() -> int:
    """The bench's newsletter, subscribers and send, made afresh; the send's id."""
    from django.core.management import call_command
    from django.utils import timezone

    from masthead.newsletters import sending
    from masthead.newsletters.models import Newsletter, Send, Subscriber, Subscription

    call_command("migrate", verbosity=0)
    remove()
    newsletter = Newsletter.objects.create(name="Kill window", slug=SLUG)
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"{SLUG}-{i}@example.org", confirmed_at=timezone.now())
        for i in range(SUBSCRIBERS)
    )
    Subscription.objects.bulk_create(
        Subscription(subscriber=s, newsletter=newsletter) for s in subscribers
    )
    send = Send.objects.create(
        newsletter=newsletter,
        subject="Kill window",
        html="<p>Flood warning</p>",
        text="Flood warning",
        send_at=timezone.now(),
    )
    sending.send_start(send.pk)
    return send.pk


def remove() -> None:
    """The bench's rows, from an earlier run too."""
    from masthead.newsletters.models import Newsletter, Send, Subscriber

    Subscriber.objects.filter(email__startswith=f"{SLUG}-").delete()  # and their deliveries
    Send.objects.filter(newsletter__slug=SLUG).delete()
    Newsletter.objects.filter(slug=SLUG).delete()


def reset(send_id: int) -> None:
    """Every row to send again, and the send orphaned: a worker starting takes it over."""
    from django.utils import timezone

    from django_tasks_db.models import DBTaskResult

    from masthead.newsletters.models import Delivery, Send

    Delivery.objects.filter(send_id=send_id).update(
        state=Delivery.State.WAITING, claimed_by="", not_before=None, sent_at=None, attempts=0
    )
    Send.objects.filter(pk=send_id).update(
        status=Send.Status.SENDING,
        heartbeat_at=timezone.now() - timedelta(hours=1),
        finished_at=None,
    )
    DBTaskResult.objects.all().delete()  # the killed worker's task, still "running"


def marked_sent(send_id: int) -> set[str]:
    from masthead.newsletters.models import Delivery

    rows = Delivery.objects.filter(send_id=send_id, state=Delivery.State.SENT)
    return set(rows.values_list("subscriber__email", flat=True))


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    with log.open("a") as output:
        return subprocess.Popen(
            [*NICE, MASTHEAD, "worker", "--interval", "0.2"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_for_first(keeper: Keeper, worker: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while not keeper.count():
        if worker.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"the worker sent nothing:\n{log.read_text()[-3000:]}")
        time.sleep(0.01)


def wait_until_settled(keeper: Keeper) -> None:
    count, since = keeper.count(), time.monotonic()
    while time.monotonic() - since < SETTLED_AFTER:
        time.sleep(0.05)
        if keeper.count() != count:
            count, since = keeper.count(), time.monotonic()


def one_run(send_id: int, keeper: Keeper, env: dict, log: Path, delay: float) -> Outcome | None:
    """One worker killed `delay` seconds after its first message; None if it finished first."""
    reset(send_id)
    keeper.taken()
    worker = start_worker(env, log)
    try:
        wait_for_first(keeper, worker, log)
        time.sleep(delay)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    wait_until_settled(keeper)
    received = Counter(keeper.taken())
    if len(received) >= SUBSCRIBERS:
        return None
    sent = marked_sent(send_id)
    return Outcome(
        killed_after=delay,
        received=len(received),
        sent=len(sent),
        lost=len(sent - set(received)),
        duplicated=len(set(received) - sent),
        twice=sum(1 for count in received.values() if count > 1),
    )


def summary(outcomes: list[Outcome], finished: int) -> str:
    lost = sum(o.lost for o in outcomes)
    duplicated = sum(o.duplicated for o in outcomes)
    return (
        f"{len(outcomes)} kills ({finished} runs finished before their kill, not counted): "
        f"{sum(1 for o in outcomes if o.lost)} lost messages ({lost} in all), "
        f"{sum(1 for o in outcomes if o.duplicated)} would have duplicated ({duplicated} in all); "
        f"received twice: {sum(o.twice for o in outcomes)}"
    )


def configure(directory: Path) -> dict:
    """The workers' environment, and this process's Django on the same database."""
    env = bench_env(directory)
    env.pop("DATABASE_URL", None)
    if DATABASE_URL:
        env["DATABASE_URL"] = DATABASE_URL
    env.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(free_port()),
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(env)
    import django

    django.setup()
    return env


def main() -> None:
    from aiosmtpd.controller import Controller

    directory = Path(tempfile.mkdtemp(prefix="masthead-bench-kill-"))
    try:
        env = configure(directory)
        from django.db import connection

        send_id = prepare()
        keeper = Keeper()
        controller = Controller(keeper, hostname="127.0.0.1", port=int(env["EMAIL_PORT"]))
        controller.start()
        print(
            f"{connection.vendor}, {SUBSCRIBERS:,} subscribers, {KILLS} kills within "
            f"{KILL_WITHIN} s of the first message, seed {SEED}; "
            f"load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        try:
            outcomes, finished = runs(send_id, keeper, env, directory / "worker.log")
        finally:
            controller.stop()
            remove()
        print(summary(outcomes, finished))
        print(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def runs(send_id: int, keeper: Keeper, env: dict, log: Path) -> tuple[list[Outcome], int]:
    chance = random.Random(SEED)  # noqa: S311 - kill moments, not secrets
    outcomes, finished = [], 0
    for number in range(1, KILLS + 1):
        outcome = one_run(send_id, keeper, env, log, chance.uniform(0, KILL_WITHIN))
        if outcome is None:
            finished += 1
            print(f"run {number:3}: the send finished before the kill", flush=True)
            continue
        outcomes.append(outcome)
        print(outcome.line(number), flush=True)
    return outcomes, finished


if __name__ == "__main__":
    main()

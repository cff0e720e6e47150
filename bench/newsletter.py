"""`make bench-newsletter`: one article sent to 100,000 confirmed subscribers.

On a throw-away data directory with the production settings of `make bench`: the demo
site, BENCH_SUBSCRIBERS (100,000) confirmed subscribers of "Breaking news", and a local
SMTP server (aiosmtpd on 127.0.0.1, in this process) that accepts and counts every
message. `masthead serve` answers readers; wrk measures the page cache's hits on the lead
article while idle, then while one `masthead worker` process renders and hands over the
send. Prints the messages per second, the send's time, the worker's peak memory and both
p99 figures. Every process is stopped by its id and the directory removed at the end.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from bench.load import Server, wrk
from bench.run import MASTHEAD, PROJECT, bench_env, prepare_data, serve

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "100000"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
LEAD_PATH = "/world/asean-us-dialogue-siem-reap-2025/"


class Counting:
    """An SMTP handler that takes every message and only counts it."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.count += 1
        return "250 OK"


def inside(env: dict, *args: str) -> dict:
    """This module, run with the benchmark's settings, for one step; its JSON answer."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.newsletter", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    if result.returncode:
        sys.exit(f"bench.newsletter {' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fill(count: int) -> dict:
    from django.utils import timezone

    from masthead.newsletters.models import Newsletter, Subscriber, Subscription

    newsletter = Newsletter.objects.get(slug="breaking-news")
    now = timezone.now()
    for start in range(0, count, 10_000):
        subscribers = Subscriber.objects.bulk_create(
            Subscriber(email=f"reader{i}@example.org", confirmed_at=now)
            for i in range(start, min(count, start + 10_000))
        )
        Subscription.objects.bulk_create(
            Subscription(subscriber=s, newsletter=newsletter) for s in subscribers
        )
    return {"subscribers": Subscriber.objects.count()}


def send() -> dict:
    from masthead.news.models import ArticlePage
    from masthead.newsletters import jobs
    from masthead.newsletters.models import Newsletter

    article = ArticlePage.objects.live().get(slug=LEAD_PATH.strip("/").split("/")[-1])
    newsletter = Newsletter.objects.get(slug="breaking-news")
    return {"send": jobs.send_article(newsletter=newsletter, article=article, user=None).pk}


def status(send_id: int) -> dict:
    from masthead.newsletters import sending
    from masthead.newsletters.models import Send

    return {
        "status": Send.objects.get(pk=send_id).status,
        **sending.send_progress(send_id),
    }


def peak_memory_mb(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in text.splitlines() if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def wait_for_send(env: dict, send_id: int, worker: Server) -> tuple[dict, float]:
    peak = 0.0
    while True:
        peak = max(peak, peak_memory_mb(worker.process.pid))
        progress = inside(env, "--status", str(send_id))
        if progress["status"] in {"done", "cancelled"}:
            return progress, peak
        if worker.process.poll() is not None:
            sys.exit("the worker stopped")
        time.sleep(1)


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="masthead-bench-newsletter-"))
    handler = Counting()
    sink = Controller(
        handler, hostname="127.0.0.1", port=int(os.environ.get("BENCH_SMTP_PORT", "8525"))
    )
    sink.start()
    servers: list[Server] = []
    try:
        env = bench_env(directory)
        env.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(sink.port),
        )
        prepare_data(env)
        print(f"Subscribers: {inside(env, '--fill', str(SUBSCRIBERS))['subscribers']:,}")
        reader = serve("serve", directory, env, 2)
        servers.append(reader)
        reader.wait_until_up()
        for _ in range(20):
            reader.wait_until_up(LEAD_PATH)
        idle = wrk("article, idle", reader.url + LEAD_PATH, duration=DURATION)
        send_id = inside(env, "--send")["send"]
        started = time.monotonic()
        worker = Server.start("worker", [MASTHEAD, "worker"], "", env, directory / "worker.log")
        servers.append(worker)
        busy = wrk("article, while sending", reader.url + LEAD_PATH, duration=DURATION)
        progress, peak = wait_for_send(env, send_id, worker)
        seconds = time.monotonic() - started
        report(progress, seconds, peak, handler.count, idle, busy)
    finally:
        for server in servers:
            server.stop()
        sink.stop()
        shutil.rmtree(directory, ignore_errors=True)


def report(progress, seconds, peak, received, idle, busy) -> None:
    print(
        f"Sent: {progress['sent']:,} (failed {progress['failed']}), received by the SMTP server: {received:,}"
    )
    print(f"Time: {seconds:.1f} s from queueing to done, {received / seconds:.0f} messages/s")
    print(f"Worker peak memory (VmHWM): {peak:.0f} MB")
    for load in (idle, busy):
        print(
            f"{load.label}: {load.requests_per_second:,.0f} req/s, p50 {load.p50_ms:.2f} ms, "
            f"p99 {load.p99_ms:.2f} ms"
        )
    print(f"p99 while sending / idle: {busy.p99_ms / idle.p99_ms:.2f}")


def step(argv: list[str]) -> None:
    import django

    django.setup()
    if argv[0] == "--fill":
        print(json.dumps(fill(int(argv[1]))))
    elif argv[0] == "--send":
        print(json.dumps(send()))
    else:
        print(json.dumps(status(int(argv[1]))))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        step(sys.argv[1:])
    else:
        main()

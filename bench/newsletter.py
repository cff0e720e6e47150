"""`make bench-newsletter`: one article sent to 100,000 confirmed subscribers.

On a throw-away data directory with the production settings of `make bench`: the demo
site, BENCH_SUBSCRIBERS (100,000) confirmed subscribers of "Breaking news", and a local
SMTP server that accepts and counts every message: aiosmtpd on 127.0.0.1, in
BENCH_SINKS processes of its own (2) sharing the port (SO_REUSEPORT), so that the
server is not what limits the rate. `masthead serve` answers readers; wrk measures the
page cache's hits on the lead article while idle, while BENCH_WORKERS (1)
`masthead worker` processes render and hand over the send (wrk starts once messages
flow), and idle again. Prints the messages per second, the send's time, the workers' peak memory and
CPU per message, the SMTP server's CPU per message and both p99 figures. Workers and
SMTP server run at nice 10 (BENCH_NICE), as the shipped worker unit does.
BENCH_PROFILE=1 runs the (single) worker under cProfile and prints where its time goes.
Every process is stopped by its id and the directory removed at the end.
"""

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.load import Server, wrk
from bench.run import MASTHEAD, PROJECT, bench_env, prepare_data, serve

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "100000"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))
SINKS = int(os.environ.get("BENCH_SINKS", "2"))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8525"))
# The workers' niceness, as deploy/systemd/masthead-worker@.service sets it; the SMTP
# server gets it too, standing in for a machine of its own.
# BENCH_NICE=idle: Linux's SCHED_IDLE policy instead (CPUSchedulingPolicy=idle).
NICE_LEVEL = os.environ.get("BENCH_NICE", "10")
NICE = ["chrt", "--idle", "0"] if NICE_LEVEL == "idle" else ["nice", "-n", NICE_LEVEL]
LEAD_PATH = "/world/asean-us-dialogue-siem-reap-2025/"
TICKS = os.sysconf("SC_CLK_TCK")


class Counting:
    """An SMTP handler that takes every message and only counts it."""

    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.count += 1
        return "250 OK"


def sink(port: int, count_file: Path) -> None:
    """One SMTP server process on the shared port; writes its count twice a second."""
    from aiosmtpd.smtp import SMTP

    handler = Counting()

    async def serve_until_stopped() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(handler, hostname="sink.localhost", data_size_limit=None),
            "127.0.0.1",
            port,
            reuse_port=True,
        )
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        while not stop.is_set():
            count_file.write_text(str(handler.count))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
        count_file.write_text(str(handler.count))
        server.close()

    asyncio.run(serve_until_stopped())


@dataclass
class Sinks:
    servers: list[Server]
    files: list[Path]

    @classmethod
    def start(cls, directory: Path, env: dict) -> "Sinks":
        files = [directory / f"sink{number}.count" for number in range(SINKS)]
        servers = [
            Server.start(
                f"smtp{number}",
                [
                    *NICE,
                    sys.executable,
                    "-m",
                    "bench.newsletter",
                    "--sink",
                    str(SMTP_PORT),
                    str(path),
                ],
                "",
                env,
                directory / f"sink{number}.log",
            )
            for number, path in enumerate(files)
        ]
        deadline = time.monotonic() + 30
        while not all(path.exists() for path in files):
            if time.monotonic() > deadline:
                sys.exit("the SMTP server did not start")
            time.sleep(0.1)
        return cls(servers, files)

    def received(self) -> int:
        return sum(int(path.read_text() or 0) for path in self.files)

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(server.process.pid) for server in self.servers)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a live process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


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


@dataclass
class Run:
    """What the send took: times from queueing, CPU of the workers and the SMTP server."""

    queued_at: float
    first_at: float = 0.0
    done_at: float = 0.0
    received: int = 0
    worker_cpu: float = 0.0  # from the first message to the end
    sink_cpu: float = 0.0
    peak_mb: float = 0.0


def start_workers(directory: Path, env: dict) -> list[Server]:
    command = [MASTHEAD, "worker"]
    if PROFILE:
        profile = str(directory / "worker.prof")
        command = [sys.executable, "-m", "cProfile", "-o", profile, "-m", "masthead.cli", "worker"]
    return [
        Server.start(f"worker{n}", [*NICE, *command], "", env, directory / f"worker{n}.log")
        for n in range(WORKERS if not PROFILE else 1)
    ]


def workers_cpu(workers: list[Server]) -> float:
    return sum(cpu_seconds(worker.process.pid) for worker in workers)


def wait_for_messages(sinks: Sinks, workers: list[Server], count: int, run: Run) -> None:
    """Until `count` messages arrived; notes when the first did, and the CPU used until then."""
    while (received := sinks.received()) < count:
        if received and not run.first_at:
            run.first_at = time.monotonic()
            run.worker_cpu = -workers_cpu(workers)
            run.sink_cpu = -sinks.cpu_seconds()
        if any(worker.process.poll() is not None for worker in workers):
            sys.exit("a worker stopped")
        time.sleep(0.05)
    run.first_at = run.first_at or time.monotonic()


def wait_for_send(env: dict, send_id: int, sinks: Sinks, workers: list[Server], run: Run):
    """Until the send is done; each worker's CPU and peak memory read before they stop."""
    checked = time.monotonic()
    while True:
        if sinks.received() >= SUBSCRIBERS or time.monotonic() - checked > 30:
            progress = inside(env, "--status", str(send_id))  # a process: not too often
            checked = time.monotonic()
            if progress["status"] in {"done", "cancelled"}:
                break
        if any(worker.process.poll() is not None for worker in workers):
            sys.exit("a worker stopped")
        time.sleep(0.05)
    run.done_at = time.monotonic()
    run.received = sinks.received()
    run.worker_cpu += workers_cpu(workers)
    run.peak_mb = max(peak_memory_mb(worker.process.pid) for worker in workers)
    run.sink_cpu += sinks.cpu_seconds()
    return progress


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="masthead-bench-newsletter-"))
    servers: list[Server] = []
    try:
        env = bench_env(directory)
        env.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(SMTP_PORT),
        )
        prepare_data(env)
        print(f"Subscribers: {inside(env, '--fill', str(SUBSCRIBERS))['subscribers']:,}")
        # The demo's loading queued a hundred index and rendition tasks: run them first,
        # so that the send is timed alone.
        subprocess.run([MASTHEAD, "worker", "--batch"], env=env, check=True, capture_output=True)
        sinks = Sinks.start(directory, env)
        servers += sinks.servers
        reader = serve("serve", directory, env, 2)
        servers.append(reader)
        reader.wait_until_up()
        for _ in range(20):
            reader.wait_until_up(LEAD_PATH)
        idle = wrk("article, idle", reader.url + LEAD_PATH, duration=DURATION)
        send_id = inside(env, "--send")["send"]
        run = Run(queued_at=time.monotonic())
        workers = start_workers(directory, env)
        servers += workers
        wait_for_messages(sinks, workers, min(2000, SUBSCRIBERS // 10), run)
        busy = wrk("article, while sending", reader.url + LEAD_PATH, duration=DURATION)
        busy_end = sinks.received()
        progress = wait_for_send(env, send_id, sinks, workers, run)
        after = wrk("article, idle after", reader.url + LEAD_PATH, duration=DURATION)
        report(progress, run, (idle, after), busy, busy_end)
    finally:
        for server in reversed(servers):
            server.stop()
        if PROFILE and (directory / "worker.prof").exists():
            print_profile(directory / "worker.prof")
        shutil.rmtree(directory, ignore_errors=True)


def print_profile(path: Path) -> None:
    import pstats

    pstats.Stats(str(path)).sort_stats("tottime").print_stats(25)


def report(progress: dict, run: Run, idles: tuple, busy, busy_end: int) -> None:
    """The figures; the busy p99 against the idle runs' mean (the machine may be shared:
    the two idle runs show how much it moves by itself)."""
    total = run.done_at - run.queued_at
    sending = run.done_at - run.first_at
    print(
        f"Sent: {progress['sent']:,} (failed {progress['failed']}), "
        f"received by the SMTP server: {run.received:,}"
    )
    print(
        f"Time: {total:.1f} s from queueing to done, {run.received / total:.0f} messages/s; "
        f"{sending:.1f} s from the first message, {run.received / sending:.0f} messages/s"
    )
    print(
        f"Workers ({1 if PROFILE else WORKERS}): peak memory (VmHWM) "
        f"{run.peak_mb:.0f} MB, CPU {1000 * run.worker_cpu / run.received:.2f} ms a message "
        f"(from the first message on); SMTP server CPU "
        f"{1000 * run.sink_cpu / run.received:.2f} ms a message"
    )
    for load in (*idles, busy):
        print(
            f"{load.label}: {load.requests_per_second:,.0f} req/s, p50 {load.p50_ms:.2f} ms, "
            f"p99 {load.p99_ms:.2f} ms"
        )
    still = "" if busy_end < run.received else " (the send ended during the measurement)"
    idle_p99 = sum(load.p99_ms for load in idles) / len(idles)
    print(f"p99 while sending / idle (mean of both): {busy.p99_ms / idle_p99:.2f}{still}")


def step(argv: list[str]) -> None:
    if argv[0] == "--sink":
        sink(int(argv[1]), Path(argv[2]))
        return
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

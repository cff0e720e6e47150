"""`make bench-newsletter`: one article sent to 100,000 confirmed subscribers.

On a throw-away data directory with the production settings of `make bench`: the demo
site, BENCH_SUBSCRIBERS (100,000) confirmed subscribers of "Breaking news", and a local
SMTP server that accepts and counts every message: aiosmtpd on 127.0.0.1, in
BENCH_SINKS processes of its own (2) sharing the port (SO_REUSEPORT), so that the
server is not what limits the rate. BENCH_WORKERS (1) `masthead worker` processes
render and hand over the send.

`masthead serve` answers readers: page-cache hits of the lead article and the front
page, in turn, at fixed rates (BENCH_READER_RATES, requests a second: 500, 1,000 and
2,000), as readers arrive, each for BENCH_DURATION seconds (bench/readers.lua). They are
measured idle, then round after round for as long as the send goes (from the moment
messages flow), then idle again: the p99 while sending against the idle runs' is the
latency target. wrk flat out (closed loop, as many requests as the server answers) runs
once in each part: it shows how the two cores are shared, not the readers' latency.
Prints the messages per second, the send's time, the workers' peak memory and CPU per
message, the SMTP server's CPU per message, the readers' figures and the load average.

The workers run at BENCH_NICE and the SMTP server at BENCH_SINK_NICE: by default
`cgroup-idle`, a cgroup with `cpu.idle=1` of their own (bench/cpu_group.py), which is
what the worker unit's CPUWeight=idle makes of a worker under systemd. The SMTP server
goes there too: it stands in for a relay on another machine or at a provider, which
takes no CPU from the readers, and it spends more CPU a message than the worker.
Either variable also takes `idle` (a process's own SCHED_IDLE, `chrt --idle 0`: the
fallback when no cgroup can be made) or a niceness (`nice -n`).
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
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.cpu_group import IdleGroup
from bench.load import Load, PacedLoad, Server, merged, wrk, wrk_at_rate
from bench.run import MASTHEAD, PROJECT, bench_env, prepare_data, serve

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "100000"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))
SINKS = int(os.environ.get("BENCH_SINKS", "2"))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8525"))
# A small newsroom's peak is hundreds of page views a second; 2,000 is a large one's, and
# still under a tenth of what the page cache answers flat out on two cores.
READER_RATES = [
    int(rate) for rate in os.environ.get("BENCH_READER_RATES", "500,1000,2000").split(",")
]
IDLE_GROUP = IdleGroup(f"masthead-bench-{os.getpid()}")
DEFAULT_PRIORITY = "cgroup-idle" if IDLE_GROUP.available() else "idle"
WORKER_PRIORITY = os.environ.get("BENCH_NICE", DEFAULT_PRIORITY)
SINK_PRIORITY = os.environ.get("BENCH_SINK_NICE", DEFAULT_PRIORITY)
LEAD_PATH = "/world/asean-us-dialogue-siem-reap-2025/"
READER_PATHS = [LEAD_PATH, "/"]
TICKS = os.sysconf("SC_CLK_TCK")


def at_priority(level: str) -> list[str]:
    """The prefix that runs a command in the idle cgroup (`cgroup-idle`), at SCHED_IDLE
    (`idle`) or at a niceness."""
    if level == "cgroup-idle":
        return IDLE_GROUP.prefix()
    return ["chrt", "--idle", "0"] if level == "idle" else ["nice", "-n", level]


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
                    *at_priority(SINK_PRIORITY),
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
        Server.start(
            f"worker{n}",
            [*at_priority(WORKER_PRIORITY), *command],
            "",
            env,
            directory / f"worker{n}.log",
        )
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


@dataclass
class Readers:
    """The readers' figures over one part of the run: each rate's, and wrk's flat out."""

    name: str
    paced: list[PacedLoad]
    flat: Load | None
    load_average: float = 0.0


def idle_readers(name: str, url: str) -> Readers:
    paced = [
        wrk_at_rate(f"{rate}/s, {name}", url, READER_PATHS, rate=rate, duration=DURATION)
        for rate in READER_RATES
    ]
    flat = wrk(f"flat out, {name}", url + LEAD_PATH, duration=DURATION)
    return Readers(name, paced, flat, os.getloadavg()[0])


class ReadersWhileSending(threading.Thread):
    """Every rate in turn, round after round, from when messages flow until the send is
    done, with wrk flat out once after the first round. A run the send ended in is kept
    only when its rate has no other."""

    def __init__(self, url: str):
        super().__init__(name="readers while sending")
        self.url = url
        self.send_done = threading.Event()
        self.runs: dict[int, list[tuple[PacedLoad, bool]]] = {rate: [] for rate in READER_RATES}
        self.flat: Load | None = None
        self.load_averages: list[float] = []

    def run(self) -> None:
        while not self.send_done.is_set() or not all(self.runs.values()):
            for rate in READER_RATES:
                if self.send_done.is_set() and self.runs[rate]:
                    continue
                load = wrk_at_rate("", self.url, READER_PATHS, rate=rate, duration=DURATION)
                self.runs[rate].append((load, not self.send_done.is_set()))
                self.load_averages.append(os.getloadavg()[0])
            if self.flat is None and not self.send_done.is_set():
                self.flat = wrk("flat out, while sending", self.url + LEAD_PATH, duration=DURATION)

    def readers(self) -> Readers:
        paced = []
        for rate, runs in self.runs.items():
            whole = [load for load, sending_throughout in runs if sending_throughout]
            paced.append(merged(f"{rate}/s, while sending", whole or [load for load, _ in runs]))
        average = sum(self.load_averages) / len(self.load_averages)
        return Readers("while sending", paced, self.flat, average)


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
        sinks = Sinks.start(directory, env)
        servers += sinks.servers
        reader = serve("serve", directory, env, 2)
        servers.append(reader)
        reader.wait_until_up()
        for path in READER_PATHS:
            for _ in range(20):
                reader.wait_until_up(path)
        before = idle_readers("idle before", reader.url)
        send_id = inside(env, "--send")["send"]
        run = Run(queued_at=time.monotonic())
        workers = start_workers(directory, env)
        servers += workers
        wait_for_messages(sinks, workers, min(2000, SUBSCRIBERS // 10), run)
        sending = ReadersWhileSending(reader.url)
        sending.start()
        try:
            progress = wait_for_send(env, send_id, sinks, workers, run)
        finally:
            sending.send_done.set()
            sending.join()
        after = idle_readers("idle after", reader.url)
        report(progress, run, [before, sending.readers(), after])
    finally:
        for server in reversed(servers):
            server.stop()
        IDLE_GROUP.remove()
        if PROFILE and (directory / "worker.prof").exists():
            print_profile(directory / "worker.prof")
        shutil.rmtree(directory, ignore_errors=True)


def print_profile(path: Path) -> None:
    import pstats

    pstats.Stats(str(path)).sort_stats("tottime").print_stats(25)


def report(progress: dict, run: Run, parts: list[Readers]) -> None:
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
        f"Workers ({1 if PROFILE else WORKERS}, priority {WORKER_PRIORITY}): peak memory "
        f"(VmHWM) {run.peak_mb:.0f} MB, CPU {1000 * run.worker_cpu / run.received:.2f} ms a "
        f"message (from the first message on); SMTP server (priority {SINK_PRIORITY}) CPU "
        f"{1000 * run.sink_cpu / run.received:.2f} ms a message"
    )
    report_paced(parts)
    report_flat(parts)
    averages = ", ".join(f"{part.name} {part.load_average:.2f}" for part in parts)
    print(f"Load average (1 min; while sending: the mean after each run): {averages}")


def report_paced(parts: list[Readers]) -> None:
    """Each rate's figures, and its p99 while sending against the idle runs' mean (the
    machine may be shared: the two idle runs show how much it moves by itself)."""
    print(
        f"Readers at a fixed rate ({', '.join(READER_PATHS)} in turn, page-cache hits; "
        "latency from each request's slot in the schedule):"
    )
    print("  rate     part            seconds  achieved   p50 ms   p99 ms   max ms   late  errors")
    before, sending, after = parts
    for index, rate in enumerate(READER_RATES):
        for part in parts:
            load = part.paced[index]
            print(
                f"  {rate:>5}/s  {part.name:<15} {load.seconds:>6.0f} "
                f"{load.requests_per_second:>7.0f}/s "
                f"{load.p50_ms:>8.2f} {load.p99_ms:>8.2f} {load.max_ms:>8.1f} "
                f"{load.late:>6} {load.errors:>7}"
                + ("  (short of the rate)" if load.requests_per_second < 0.98 * rate else "")
            )
        idle_p99 = (before.paced[index].p99_ms + after.paced[index].p99_ms) / 2
        print(
            f"  {rate:>5}/s  p99 while sending / idle (mean of both): "
            f"{sending.paced[index].p99_ms / idle_p99:.2f}"
        )


def report_flat(parts: list[Readers]) -> None:
    print("wrk flat out on the article (a closed loop: how the cores are shared, not a latency):")
    for part in parts:
        if part.flat is None:
            print(f"  {part.name}: not run (the send ended first)")
            continue
        print(
            f"  {part.name}: {part.flat.requests_per_second:,.0f} req/s, "
            f"p50 {part.flat.p50_ms:.2f} ms, p99 {part.flat.p99_ms:.2f} ms"
        )


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

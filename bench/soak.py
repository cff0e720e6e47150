"""`make soak`: ten minutes of readers and commenters against `masthead serve` on
PostgreSQL + Redis, with one app worker killed (kill -9) and Redis paused along the way.

Readers (keep-alive connections, like browsers) read the front page, articles, sections,
searches and the feed; commenters fetch a token, take a few seconds to type, and post.
At the end it prints, per kind of request, p50/p99/max and the failures by kind (status
codes, timeouts, connection errors), separately for the steady state and for the fault
windows; the resident memory of every worker at the start (after a warm-up) and at the
end; and the comments answered 201 against the comments stored. It exits non-zero when
a bound fails (`BOUNDS` below).

Settings (environment):
  SOAK_SECONDS        length of the run (600)
  SOAK_DATABASE_URL   a PostgreSQL database the soak creates afresh and drops at the end
                      (postgres://postgres@127.0.0.1:5432/masthead_soak)
  SOAK_PORT, SOAK_REDIS_PORT   ports for masthead serve and the soak's own redis-server
                      (free ports by default)
  SOAK_READERS, SOAK_POSTERS   concurrent readers (8) and commenters (2)
  SOAK_KILL_AT, SOAK_PAUSE_AT  when the worker is killed and Redis paused, as fractions
                      of the run (0.4, 0.6); SOAK_PAUSE_SECONDS how long Redis stays paused (10)
  SOAK_P99_MS         bound on the steady-state p99 of every kind of request (2000)
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
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import Server, free_port
from bench.run import MASTHEAD, bench_env, inside, prepare_data
from bench.soak_report import Fault, report
from bench.traffic import Client, Recorder, post_comment

REDIS_SERVER = "/usr/bin/redis-server"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/masthead_soak"
SEARCHES = ["talks", "asean", "election", "budget", "climate", "court", "rain", "health"]
WORKERS = 2


def setting(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass
class Plan:
    seconds: float = field(default_factory=lambda: setting("SOAK_SECONDS", 600))
    readers: int = field(default_factory=lambda: int(setting("SOAK_READERS", 8)))
    posters: int = field(default_factory=lambda: int(setting("SOAK_POSTERS", 2)))
    kill_at: float = field(default_factory=lambda: setting("SOAK_KILL_AT", 0.4))
    pause_at: float = field(default_factory=lambda: setting("SOAK_PAUSE_AT", 0.6))
    pause_seconds: float = field(default_factory=lambda: setting("SOAK_PAUSE_SECONDS", 10))

    @property
    def warm_up(self) -> float:
        """Readers fill every worker's page cache before memory is first measured."""
        return max(5.0, self.seconds * 0.1)


# Services the soak starts and drops


def start_redis(directory: Path, port: int) -> subprocess.Popen:
    """A redis-server of the soak's own, never the machine's: the soak pauses it."""
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    redis_client(port).ping()  # raises until it answers; redis-py retries the connect
    return process


def redis_client(port: int):
    import redis

    for _ in range(50):
        client = redis.Redis(port=port, socket_timeout=5)
        try:
            client.ping()
            return client
        except redis.ConnectionError:
            time.sleep(0.1)
    raise TimeoutError(f"redis-server did not answer on port {port}")


def admin_url(url: str) -> str:
    from bench.soak_report import with_database

    return with_database(url, "postgres")


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The server's workers


def workers(server: Server) -> list[int]:
    pid = server.process.pid
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def worker_memory(server: Server) -> dict[int, float]:
    """Resident memory (MB) of each worker process, by process id."""
    sizes = {}
    for pid in workers(server):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes[pid] = int(line.split()[1]) / 1024
    return sizes


def kill_a_worker(server: Server, faults: list[Fault]) -> None:
    """kill -9 of the first worker, then wait (30 s at most) for Granian to start another."""
    before = workers(server)
    victim = before[0]
    began = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    while time.monotonic() - began < 30:
        now = workers(server)
        if len(now) == len(before) and victim not in now:
            faults.append(Fault("worker killed", began, time.monotonic(), victim, respawned=True))
            return
        time.sleep(0.1)
    faults.append(Fault("worker killed", began, time.monotonic(), victim, respawned=False))


def pause_redis(port: int, seconds: float, faults: list[Fault]) -> None:
    """CLIENT PAUSE ALL: Redis holds every client's commands, answering none, for `seconds`."""
    began = time.monotonic()
    redis_client(port).execute_command("CLIENT", "PAUSE", int(seconds * 1000), "ALL")
    time.sleep(seconds)
    faults.append(Fault("Redis paused", began, time.monotonic()))


# The readers and the commenters


def reading_paths(base_url: str, info: dict) -> list[str]:
    """The pages readers ask for: the demo's every page in the sitemap, searches, the feed."""
    sitemap = urllib.request.urlopen(base_url + "/sitemap.xml", timeout=30).read().decode()  # noqa: S310
    pages = [loc.split("</loc>")[0] for loc in sitemap.split("<loc>")[1:]]
    paths = ["/" + page.split("/", 3)[3] for page in pages]
    paths += [f"/search/?q={word}" for word in SEARCHES]
    paths += [info["urls"]["site RSS feed"], info["urls"]["section page"], "/"]
    return paths


def kind_of(path: str) -> str:
    if path == "/":
        return "front page"
    if path.startswith("/search/"):
        return "search"
    if path.startswith("/feeds/"):
        return "feed"
    return "article or section"


def reader(base_url: str, paths: list[str], recorder: Recorder, stop: threading.Event) -> None:
    client, pick = Client(base_url, recorder, keep=True), random.Random()
    while not stop.is_set():
        path = pick.choice(paths)
        client.request(kind_of(path), "GET", path)
        stop.wait(pick.uniform(0.02, 0.1))  # a reader's pace, short: many readers in one
    client.close()


def commenter(base_url: str, article_id: int, recorder, stop, number: int, run: str) -> None:
    pick, count = random.Random(), 0
    while not stop.is_set():
        count += 1
        text = f"Soak {run}: comment {number}-{count} on the talks, sent after some thought."
        post_comment(base_url, recorder, article_id, text, typing=pick.uniform(2, 5))
        stop.wait(pick.uniform(0.5, 2))


def start_threads(targets) -> list[threading.Thread]:
    threads = [threading.Thread(target=target, args=args, daemon=True) for target, args in targets]
    for thread in threads:
        thread.start()
    return threads


# The run


@dataclass
class Soak:
    plan: Plan
    server: Server
    redis_port: int
    paths: list[str]
    article_id: int
    recorder: Recorder = field(default_factory=Recorder)
    faults: list[Fault] = field(default_factory=list)
    memory_start: dict[int, float] = field(default_factory=dict)
    memory_end: dict[int, float] = field(default_factory=dict)

    def run(self) -> None:
        stop, run = threading.Event(), os.urandom(3).hex()
        url = self.server.url
        threads = start_threads(
            [(reader, (url, self.paths, self.recorder, stop)) for _ in range(self.plan.readers)]
            + [
                (commenter, (url, self.article_id, self.recorder, stop, n, run))
                for n in range(self.plan.posters)
            ]
        )
        self.timeline(time.monotonic())
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    def measure_start(self) -> None:
        self.memory_start.update(worker_memory(self.server))

    def kill(self) -> None:
        kill_a_worker(self.server, self.faults)

    def pause(self) -> None:
        pause_redis(self.redis_port, self.plan.pause_seconds, self.faults)

    def timeline(self, began: float) -> None:
        """Warm up, measure memory, kill a worker, pause Redis, measure memory at the end."""
        plan = self.plan
        # Every page's first render, on each worker, is not the steady state.
        self.faults.append(Fault("warm-up (cold caches)", began, began + plan.warm_up))
        events = [
            (plan.warm_up, "memory measured", self.measure_start),
            (plan.seconds * plan.kill_at, "kill -9 of a worker", self.kill),
            (plan.seconds * plan.pause_at, "Redis paused", self.pause),
        ]
        for at, label, action in sorted(events, key=lambda event: event[0]):
            time.sleep(max(0.0, began + at - time.monotonic()))
            print(f"   {time.monotonic() - began:6.1f} s: {label}", flush=True)
            action()
        time.sleep(max(0.0, began + plan.seconds - time.monotonic()))
        self.memory_end.update(worker_memory(self.server))


def prepare(directory: Path, database_url: str, redis_port: int) -> tuple[dict, dict]:
    env = bench_env(directory)
    env.update(DATABASE_URL=database_url, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
    recreate_database(database_url)
    prepare_data(env)
    return env, inside(env)


def main() -> int:
    plan = Plan()
    database_url = os.environ.get("SOAK_DATABASE_URL", DEFAULT_DATABASE)
    directory = Path(tempfile.mkdtemp(prefix="masthead-soak-"))
    redis_port = int(os.environ.get("SOAK_REDIS_PORT") or free_port())
    port = int(os.environ.get("SOAK_PORT") or free_port())
    redis_process = server = None
    try:
        redis_process = start_redis(directory, redis_port)
        env, info = prepare(directory, database_url, redis_port)
        command = [MASTHEAD, "serve", f"--port={port}", f"--workers={WORKERS}"]
        server = Server.start(
            "serve", command, f"http://127.0.0.1:{port}", env, directory / "serve.log"
        )
        server.wait_until_up()
        soak = Soak(plan, server, redis_port, reading_paths(server.url, info), info["article_id"])
        before = inside(env, "--count-comments", str(soak.article_id))
        print(
            f"== make soak: {plan.seconds:.0f} s, {plan.readers} readers, {plan.posters} "
            f"commenters, masthead serve ({WORKERS} workers) on PostgreSQL + Redis",
            flush=True,
        )
        soak.run()
        time.sleep(5)  # posts a timed-out client gave up on may still be finishing
        stored = inside(env, "--count-comments", str(soak.article_id)) - before
        return report(soak, stored, (directory / "serve.log").read_text())
    finally:
        if server is not None:
            server.stop()
        if redis_process is not None:
            redis_process.terminate()
            redis_process.wait(timeout=20)
        if os.environ.get("SOAK_KEEP") != "1":
            drop_database(database_url)
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

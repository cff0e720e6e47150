"""`make bench`: Masthead under load from wrk, against nginx serving the same page as a file.

One run, on a throw-away data directory, with production settings (bench/settings.py):

- `masthead serve` twice: with the page cache (warm figures) and with
  MASTHEAD_PAGE_CACHE=off (cold: every request rendered);
- nginx with masthead/core/deploy/nginx.conf in front of the first (the shipped proxy set-up), and
  nginx serving the article's HTML saved as a static file (the baseline of every ratio);
- the bare WSGI callable of bench/hello.py under the same server, answering the same
  article's bytes: the ceiling for a cache hit;
- `wrk -t2 -c32 -d15s --latency` on each (BENCH_DURATION sets the seconds), comment posts
  from 16 connections through bench/post.lua, SQL queries per page (bench/queries.py),
  the resident memory of every worker after the run, and reader search's statements
  for a rare word, a common one and three together (bench/search.py).

The lines the ratio targets compare (nginx static, the bare WSGI app, the warm article
direct and through nginx) run in BENCH_ROUNDS interleaved rounds (default 3) and print
their medians: on a shared machine a single run of each, minutes apart, can be moved by
whatever else ran in between.

Data: the demo site; BENCH_ARTICLES / BENCH_COMMENTS add generated content first
(`make bench-scale`); BENCH_DATA_FROM=<data dir> copies a database made earlier instead.
Every server is stopped by its process id and the directory removed, even on failure.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench.load import NGINX, Load, Server, free_port, median_load, static_nginx_config, wrk
from masthead.core.management.commands.serve import default_workers

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MASTHEAD = str(BIN / "masthead")
POSTERS = 16


def bench_env(directory: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"MASTHEAD_PAGE_CACHE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(PROJECT),  # bench.settings, for the servers' workers too
        MASTHEAD_DATA_DIR=str(directory / "data"),
        MASTHEAD_NGINX_CACHE_DIR=str(directory / "nginx-cache"),
        SECRET_KEY=os.urandom(32).hex(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
    )
    return env


def run(command: list[str], env: dict) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=PROJECT)
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    return result.stdout


def masthead(env: dict, *args: str) -> str:
    return run([MASTHEAD, *args], env)


def inside(env: dict, *args: str) -> object:
    """Ask bench/queries.py, running with the benchmark's settings, for JSON."""
    output = run([sys.executable, "-m", "bench.queries", *args], env)
    return json.loads(output) if args[:1] != ("--tokens",) else output


def copy_database(source: Path, data_dir: Path) -> None:
    """SQLite's online backup: a consistent copy, and the source is only read."""
    data_dir.mkdir(parents=True, exist_ok=True)
    original = sqlite3.connect(f"file:{source / 'masthead.sqlite3'}?mode=ro", uri=True)
    copy = sqlite3.connect(data_dir / "masthead.sqlite3")
    with copy:
        original.backup(copy)
    original.close()
    copy.close()


def prepare_data(env: dict) -> None:
    source = os.environ.get("BENCH_DATA_FROM")
    if source:
        copy_database(Path(source), Path(env["MASTHEAD_DATA_DIR"]))
    masthead(env, "migrate", "--noinput")
    if not source:
        masthead(env, "load_demo")
        # The renditions and index updates the demo queues, done as production's workers
        # would do them long before the first reader: without this, readers of the first
        # minute wait for AVIF encodes (the soak's warm-up saw 10 s timeouts), and
        # bench-newsletter's send would share its worker with them.
        masthead(env, "worker", "--batch")
    articles, comments = os.environ.get("BENCH_ARTICLES"), os.environ.get("BENCH_COMMENTS")
    if (articles or comments) and not source:  # a copied database comes filled
        print(
            masthead(env, "generate", f"--articles={articles or 0}", f"--comments={comments or 0}")
        )
        masthead(env, "update_index")
    masthead(env, "collectstatic", "--noinput")  # before bench/queries.py renders pages


def serve(name: str, directory: Path, env: dict, workers: int) -> Server:
    port = free_port()
    command = [MASTHEAD, "serve", f"--port={port}", f"--workers={workers}"]
    return Server.start(name, command, f"http://127.0.0.1:{port}", env, directory / f"{name}.log")


def start_servers(directory: Path, env: dict, workers: int, article: str) -> dict[str, Server]:
    servers: dict[str, Server] = {}
    servers["cached"] = serve("serve", directory, env, workers)
    cold_env = {**env, "MASTHEAD_PAGE_CACHE": "off"}
    servers["cold"] = serve("serve-cold", directory, cold_env, workers)
    servers["proxy"] = start_proxy(directory, env, servers["cached"].url[7:])
    for server in servers.values():
        server.wait_until_up()
    servers["static"] = static_baseline(directory, env, servers["cached"].url + article)
    servers["hello"] = start_hello(directory, env, workers)
    servers["static"].wait_until_up("/article.html")
    servers["hello"].wait_until_up()
    return servers


def start_proxy(directory: Path, env: dict, upstream: str) -> Server:
    """nginx with the configuration `masthead nginx-config` writes, in front of `upstream`."""
    prefix = directory / "nginx"
    prefix.mkdir()
    port = free_port()
    masthead(
        env,
        "nginx-config",
        "--standalone",
        f"--prefix={prefix}",
        f"--listen=127.0.0.1:{port}",
        f"--upstream={upstream}",
        f"--output={prefix / 'nginx.conf'}",
    )
    return Server.start(
        "nginx-proxy",
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        f"http://127.0.0.1:{port}",
        env,
        directory / "nginx-proxy.log",
    )


def start_hello(directory: Path, env: dict, workers: int) -> Server:
    """bench/hello.py under Granian as `masthead serve` runs it, answering the article's bytes."""
    port = free_port()
    return Server.start(
        "hello",
        [
            str(BIN / "granian"),
            "--interface=wsgi",
            f"--workers={workers}",
            "--blocking-threads=4",
            "--backpressure=512",
            "--no-ws",
            "--host=127.0.0.1",
            f"--port={port}",
            "bench.hello:application",
        ],
        f"http://127.0.0.1:{port}",
        {**env, "BENCH_HELLO_BODY": str(directory / "static-root" / "article.html")},
        directory / "hello.log",
    )


def static_baseline(directory: Path, env: dict, article_url: str) -> Server:
    """nginx serving the article's HTML, as Masthead answers it, saved as a file."""
    static_root = directory / "static-root"
    static_root.mkdir()
    (static_root / "article.html").write_bytes(urllib.request.urlopen(article_url).read())  # noqa: S310
    prefix, port = directory / "nginx", free_port()
    return Server.start(
        "nginx-static",
        [
            NGINX,
            "-p",
            str(prefix),
            "-c",
            str(static_nginx_config(prefix, static_root, port)),
            "-g",
            "daemon off;",
        ],
        f"http://127.0.0.1:{port}",
        env,
        directory / "nginx-static.log",
    )


def warm(url: str, times: int = 20) -> None:
    """Enough requests, each on a new connection, for every worker to have the page."""
    for _ in range(times):
        urllib.request.urlopen(url).read()  # noqa: S310


def post_comments(servers, directory, env, info, duration) -> tuple[Load, int]:
    """16 connections posting, each post with a token of its own, until the time is up."""
    article_id = info["article_id"]
    tokens = directory / "tokens.txt"
    tokens.write_text(
        inside(
            env, "--tokens", str(article_id), str(int(os.environ.get("BENCH_POST_TOKENS", 20000)))
        )
    )
    before = inside(env, "--count-comments", str(article_id))
    load = wrk(
        f"comment post, {POSTERS} concurrent posters",
        f"{servers['cached'].url}/comments/{article_id}/",
        duration=duration,
        connections=POSTERS,
        script=Path(__file__).with_name("post.lua"),
        env={
            "BENCH_TOKENS": str(tokens),
            "BENCH_WRK_THREADS": "2",
            "BENCH_POST_PATH": f"/comments/{article_id}/",
        },
    )
    stored = inside(env, "--count-comments", str(article_id)) - before
    return load, stored


class Table:
    """Prints each figure as soon as it is measured, with its ratio to the first (nginx static)."""

    def __init__(self, duration: int, workers: int, size: str):
        self.baseline: float | None = None
        print(f"== make bench: wrk -t2 -c32 -d{duration}s --latency, {os.cpu_count()} CPUs, {size}")
        print(f"   masthead serve: Granian (WSGI), {workers} workers x 4 threads, bench.settings")
        print(
            f"{'':<60} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'x nginx':>8} {'queries':>8}"
        )

    def row(self, load: Load, queries: int | None = None) -> Load:
        self.baseline = self.baseline or load.requests_per_second
        ratio = load.requests_per_second / self.baseline
        print(
            f"{load.label:<60} {load.requests_per_second:>9.0f} {load.p50_ms:>8.2f} "
            f"{load.p99_ms:>8.2f} {load.errors:>7} {ratio:>8.3f} {'' if queries is None else queries:>8}",
            flush=True,
        )
        if load.errors:
            kinds = ", ".join(f"{kind} {count}" for kind, count in load.error_kinds.items())
            # wrk corrects for coordinated omission: one stalled request fills in many
            # slow samples, so a single timeout can move p99 a long way.
            print(f"  {load.label}: errors {kinds}", flush=True)
        return load


def hit_lines(servers: dict[str, Server], article: str, duration: int) -> list[Load]:
    """The ratio lines, each the median of BENCH_ROUNDS runs taken in turn with the others."""
    urls = {
        "nginx static: the article's HTML as a file": servers["static"].url + "/article.html",
        "bare WSGI app, the article's bytes (bench/hello.py)": servers["hello"].url + "/",
        "article, warm (page cache)": servers["cached"].url + article,
        "article through nginx (shipped nginx.conf)": servers["proxy"].url + article,
    }
    for url in urls.values():
        warm(url)
    rounds = int(os.environ.get("BENCH_ROUNDS", 3))
    runs: dict[str, list[Load]] = {label: [] for label in urls}
    for _ in range(rounds):
        for label, url in urls.items():
            runs[label].append(wrk(label, url, duration=duration))
    return [median_load(f"{label} (median of {rounds})", runs[label]) for label in urls]


def measure(table: Table, servers: dict[str, Server], info: dict, duration: int) -> None:
    """Every line of the table, in order; a page's cold line carries its SQL queries."""
    for load in hit_lines(servers, info["urls"]["article"], duration):
        table.row(load)
    for label, path in info["urls"].items():
        cached, cold = servers["cached"].url + path, servers["cold"].url + path
        if label != "article":
            warm(cached)
            table.row(wrk(f"{label}, warm (page cache)", cached, duration=duration))
        # One reader at a time: the render's own latency, not a queue of 32 renders.
        load = wrk(
            f"{label}, cold, 1 connection (cache off)",
            cold,
            duration=duration,
            connections=1,
            threads=1,
        )
        table.row(load, info["queries"][label])


def report_posts(posting: Load, stored: int) -> None:
    print(
        f"  comment posts: {posting.created} answered 201 Created within the run, "
        f"{posting.requests - (posting.created or 0)} answered otherwise, {stored} stored "
        "(posts still in flight when wrk stopped are stored too)"
    )


def report_memory(servers: dict[str, Server]) -> None:
    for key in ("cached", "cold"):
        sizes = ", ".join(f"{size:.0f}" for size in servers[key].worker_rss_mb())
        print(f"  resident memory per worker after the run, {servers[key].name}: {sizes} MB")


def main() -> None:
    duration = int(os.environ.get("BENCH_DURATION", 15))
    workers = default_workers()
    directory = Path(tempfile.mkdtemp(prefix="masthead-bench-"))
    servers: dict[str, Server] = {}
    try:
        env = bench_env(directory)
        print(f"== Preparing data and servers in {directory} …", flush=True)
        prepare_data(env)
        info = inside(env)
        servers.update(start_servers(directory, env, workers, info["urls"]["article"]))
        table = Table(duration, workers, info["size"])
        measure(table, servers, info, duration)
        posting, stored = post_comments(servers, directory, env, info, duration)
        table.row(posting)
        report_posts(posting, stored)
        report_memory(servers)
        print(run([sys.executable, "-m", "bench.search"], env), end="", flush=True)
        print(run([sys.executable, "-m", "bench.first_screen"], env), end="", flush=True)
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()

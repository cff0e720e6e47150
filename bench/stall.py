"""Reproduce the stall of issue 12, finding 9: `wrk -c256` holding keep-alive connections
to `masthead serve` while 6 commenters (token + post, a new connection each) and one
reader opening a new connection per front page measure what they wait.

    python -m bench.stall                    # masthead serve's defaults
    python -m bench.stall --connections 8    # 8 connections per worker: the old setting

It prints each client's p50/p99/max and errors, wrk's own figures, the deepest listen
queue seen (`ss -ltn` Recv-Q) and the kernel's listen-queue counters (`nstat`) over the
run. BENCH_DURATION sets the seconds (default 20), STALL_PORT the server's port.
The data is the demo site in a throw-away directory (SQLite, or DATABASE_URL).
"""

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.load import WRK, Server, free_port, parse_wrk
from bench.run import MASTHEAD, bench_env, inside, prepare_data
from bench.traffic import Client, Recorder, post_comment, summary_lines

POSTERS = 6
WRK_CONNECTIONS = 256
NSTAT, SS = "/usr/bin/nstat", "/usr/bin/ss"
COUNTERS = ("TcpExtListenOverflows", "TcpExtListenDrops", "TcpExtTCPReqQFullDrop")


def kernel_counters() -> dict[str, int]:
    """The listen-queue counters, absolute, without touching nstat's history."""
    output = subprocess.run(
        [NSTAT, "-asz", *COUNTERS], capture_output=True, text=True, check=True
    ).stdout
    return {name: int(value) for name, value in re.findall(r"^(\w+)\s+(\d+)", output, re.M)}


def listen_queue(port: int) -> int:
    """The deepest accept queue among the server's listening sockets (Recv-Q)."""
    output = subprocess.run(
        [SS, "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    return max((int(line.split()[1]) for line in output.splitlines()), default=0)


def during(seconds: float, action, stop: threading.Event) -> threading.Thread:
    def loop():
        while not stop.is_set():
            action()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


def load(url: str, port: int, article_id: int, duration: int) -> tuple[Recorder, str, int]:
    recorder, stop, deepest = Recorder(), threading.Event(), [0]
    wrk = subprocess.Popen(
        [
            WRK,
            "-t2",
            f"-c{WRK_CONNECTIONS}",
            f"-d{duration}s",
            "--latency",
            "--timeout=10s",
            url + "/",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    numbers = iter(range(10**9))
    threads = [
        during(
            duration,
            lambda: post_comment(url, recorder, article_id, f"Stall check {next(numbers)}."),
            stop,
        )
        for _ in range(POSTERS)
    ]
    reader = Client(url, recorder, keep=False)

    def read():
        reader.request("front page, new conn", "GET", "/")
        time.sleep(0.2)

    threads.append(during(duration, read, stop))

    def sample():
        deepest[0] = max(deepest[0], listen_queue(port))
        time.sleep(0.5)

    threads.append(during(duration, sample, stop))
    output, _ = wrk.communicate(timeout=duration + 60)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return recorder, output, deepest[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, help="masthead serve --connections")
    arguments = parser.parse_args()
    duration = int(os.environ.get("BENCH_DURATION", 20))
    directory = Path(tempfile.mkdtemp(prefix="masthead-stall-"))
    server = None
    try:
        env = bench_env(directory)
        prepare_data(env)
        info = inside(env)
        port = int(os.environ.get("STALL_PORT") or free_port())
        command = [MASTHEAD, "serve", f"--port={port}", "--workers=2"]
        if arguments.connections:
            command.append(f"--connections={arguments.connections}")
        server = Server.start(
            "serve", command, f"http://127.0.0.1:{port}", env, directory / "serve.log"
        )
        server.wait_until_up()
        server.wait_until_up("/")  # the front page cached
        before = kernel_counters()
        recorder, output, deepest = load(server.url, port, info["article_id"], duration)
        after = kernel_counters()
        report(arguments.connections, duration, recorder, output, deepest, before, after)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def report(connections, duration, recorder, output, deepest, before, after) -> None:
    setting = f"--connections {connections}" if connections else "default --connections"
    print(
        f"== bench.stall: masthead serve, 2 workers, {setting}; {duration} s of "
        f"wrk -c{WRK_CONNECTIONS} on / with {POSTERS} commenters and 1 new-connection reader"
    )
    print("\n".join(summary_lines(recorder.snapshot())))
    wrk = parse_wrk("wrk", output)
    print(
        f"  wrk -c{WRK_CONNECTIONS} on /: {wrk.requests} requests, p50 {wrk.p50_ms:.1f} ms, "
        f"p99 {wrk.p99_ms:.1f} ms, errors {wrk.error_kinds or 'none'}"
    )
    print(f"  deepest listen queue (ss Recv-Q): {deepest}")
    print(
        "  kernel: "
        + ", ".join(f"{name} +{after.get(name, 0) - before.get(name, 0)}" for name in COUNTERS)
    )


if __name__ == "__main__":
    main()

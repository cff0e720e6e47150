"""The pieces of `make bench`: servers started and stopped by process id, wrk runs parsed
into figures (flat out, or readers at a fixed rate), and the resident memory of a
server's workers."""

import math
import os
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

WRK = "/usr/bin/wrk"
NGINX = "/usr/sbin/nginx"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
READERS_SCRIPT = Path(__file__).with_name("readers.lua")
# Requests a second on each reader connection: one every 100 ms, far apart enough that an
# answer is rarely still awaited when the connection's next request is due.
CONNECTION_RATE = 10


_HANDED_OUT: set[int] = set()  # ports given to a server that may not listen yet


def free_port() -> int:
    """A free loopback port: the next one of BENCH_PORTS (e.g. 8300-8399) not in use,
    when a shared machine gives each user a range, else any the system hands out."""
    first, _, last = os.environ.get("BENCH_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last or first) + 1):
        if port in _HANDED_OUT:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            port = sock.getsockname()[1]
        if first != "0":
            _HANDED_OUT.add(port)
        return port
    raise SystemExit(f"No free port in BENCH_PORTS={first}-{last}")


@dataclass
class Server:
    """A process started in a session of its own, so that it and its workers stop together."""

    name: str
    process: subprocess.Popen
    url: str

    @classmethod
    def start(cls, name: str, command: list[str], url: str, env: dict, log: Path) -> "Server":
        with log.open("w") as output:
            process = subprocess.Popen(
                command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        return cls(name, process, url)

    def wait_until_up(self, path: str = "/robots.txt", seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(self.url + path, timeout=30).read()  # noqa: S310
                return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"{self.name} did not answer within {seconds} s")

    def worker_rss_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return sizes

    def stop(self, seconds: float = 20) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group this process leads
            self.process.wait()


@dataclass(frozen=True)
class Load:
    label: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    created: int | None = None
    # Each kind wrk reports (non-2xx, connect, read, write, timeout) with its count.
    error_kinds: dict[str, int] = field(default_factory=dict)


def median_load(label: str, loads: list[Load]) -> Load:
    """Several runs of one line as one: the median of each figure, the counts added up."""
    return Load(
        label=label,
        requests_per_second=statistics.median(load.requests_per_second for load in loads),
        p50_ms=statistics.median(load.p50_ms for load in loads),
        p99_ms=statistics.median(load.p99_ms for load in loads),
        requests=sum(load.requests for load in loads),
        errors=sum(load.errors for load in loads),
        error_kinds=dict(sum((Counter(load.error_kinds) for load in loads), Counter())),
    )


def milliseconds(figure: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", figure).groups()
    return float(number) * UNITS[unit]


def error_kinds(output: str) -> dict[str, int]:
    kinds = {}
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failures:
        kinds["non-2xx"] = int(failures.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        counts = zip(
            ("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True
        )
        kinds.update((kind, count) for kind, count in counts if count)
    return kinds


def parse_wrk(label: str, output: str) -> Load:
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if len(latency) < 2:
        raise RuntimeError(f"wrk measured nothing for {label}:\n{output}")
    created = re.search(r"^created (\d+)$", output, re.MULTILINE)
    kinds = error_kinds(output)
    return Load(
        label=label,
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=milliseconds(latency["50"]),
        p99_ms=milliseconds(latency["99"]),
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        errors=sum(kinds.values()),
        created=int(created.group(1)) if created else None,
        error_kinds=kinds,
    )


def wrk(
    label: str,
    url: str,
    *,
    duration: int,
    connections: int = 32,
    threads: int = 2,
    script: Path | None = None,
    env: dict | None = None,
) -> Load:
    """`wrk -t2 -c32 -dNs --latency`: its exact p50 and p99 come from --latency."""
    # A cold render on a busy machine can take seconds: count it as slow, not as lost.
    command = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout=10s",
    ]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
        timeout=duration + 60,
    )
    return parse_wrk(label, result.stdout)


@dataclass(frozen=True)
class PacedLoad:
    """Readers at a fixed rate (bench/readers.lua): every latency, in milliseconds, counted
    from the request's slot in the schedule when its connection was still busy then."""

    label: str
    target_rate: int
    seconds: float
    latencies: tuple[float, ...]  # sorted
    late: int  # requests whose slot came while their connection awaited an answer
    errors: int

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 0.50)

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99)

    @property
    def max_ms(self) -> float:
        return self.latencies[-1]


def percentile(ordered: tuple[float, ...], fraction: float) -> float:
    """The nearest-rank percentile of values already sorted."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def merged(label: str, loads: list[PacedLoad]) -> PacedLoad:
    """Several runs at one rate as one: every latency, time and count added up."""
    return PacedLoad(
        label=label,
        target_rate=loads[0].target_rate,
        seconds=sum(load.seconds for load in loads),
        latencies=tuple(sorted(value for load in loads for value in load.latencies)),
        late=sum(load.late for load in loads),
        errors=sum(load.errors for load in loads),
    )


def wrk_at_rate(label: str, url: str, paths: list[str], *, rate: int, duration: int) -> PacedLoad:
    """`rate` requests a second for `duration` seconds, `paths` in turn, whatever the
    answers' speed: an open loop, as readers arrive, where `wrk()` asks again as soon as
    it is answered and so measures how much the server can take, not its latency."""
    connections = max(2, math.ceil(rate / CONNECTION_RATE))
    command = [WRK, f"-t{connections}", f"-c{connections}", f"-d{duration}s", "--timeout=10s"]
    with tempfile.NamedTemporaryFile(prefix="masthead-latencies-") as latencies:
        settings = {
            "BENCH_RATE": str(rate),
            "BENCH_WRK_THREADS": str(connections),  # one connection a thread: readers.lua
            "BENCH_PATHS": ",".join(paths),
            "BENCH_LATENCIES": latencies.name,
        }
        result = subprocess.run(
            [*command, "-s", str(READERS_SCRIPT), url],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **settings},
            timeout=duration + 60,
        )
        values = Path(latencies.name).read_text().split()
    if not values:
        raise RuntimeError(f"wrk measured nothing for {label}:\n{result.stdout}")
    return PacedLoad(
        label=label,
        target_rate=rate,
        seconds=float(re.search(r"^seconds ([\d.]+)$", result.stdout, re.MULTILINE).group(1)),
        latencies=tuple(sorted(int(value) / 1000 for value in values)),
        late=int(re.search(r"^late (\d+)$", result.stdout, re.MULTILINE).group(1)),
        errors=sum(error_kinds(result.stdout).values()),
    )


def static_nginx_config(prefix: Path, root: Path, port: int) -> Path:
    """nginx serving one directory as static files, tuned like the shipped nginx.conf (masthead/core/deploy/)."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = prefix / "static.conf"
    config.write_text(
        f"""worker_processes auto;
pid {prefix}/static.pid;
error_log {prefix}/static-error.log warn;
{user}events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {prefix}/static-body;
    proxy_temp_path {prefix}/static-proxy;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""
    )
    return config

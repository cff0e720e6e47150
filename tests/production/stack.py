"""Masthead as it runs in production, started for a test: `masthead serve` and nginx in front.

Everything lives in one throw-away directory (SQLite there, or a throw-away PostgreSQL
database when DATABASE_URL is set) and every process is stopped by its id.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

NGINX = Path("/usr/sbin/nginx")
MASTHEAD = Path(sys.executable).with_name("masthead")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_bytes(
    url: str, headers: dict | None = None, timeout: float = 10, data: bytes | None = None
) -> tuple[int, Message, bytes]:
    """The response as it came over the wire (urllib never decompresses).

    Headers are looked up by name in any case: Granian sends them in lower case.
    """
    request = urllib.request.Request(url, data, headers or {})  # noqa: S310 - our own server
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def fetch(url: str, headers: dict | None = None, **options) -> tuple[int, Message, str]:
    status, headers, body = fetch_bytes(url, headers, **options)
    return status, headers, body.decode()


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered at {url} within {seconds} s")


def stop(process: subprocess.Popen, seconds: float = 20) -> None:
    """SIGTERM, then SIGKILL for the process group this process leads if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def with_address(url: str, address: str) -> str:
    """The same URL on another host:port (a relay in front of the server), same user."""
    parts = urlsplit(url)
    user = parts.netloc.rpartition("@")[0]
    return urlunsplit(parts._replace(netloc=f"{user}@{address}" if user else address))


@contextmanager
def throwaway_postgres(url: str):
    """A database of its own on the server DATABASE_URL names, dropped afterwards."""
    import psycopg

    name = f"masthead_prodtest_{os.getpid()}_{secrets.token_hex(3)}"
    admin = with_database(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Stack:
    directory: Path
    env: dict
    app_url: str
    nginx_url: str
    serve: subprocess.Popen | None = None
    nginx: subprocess.Popen | None = None

    def masthead(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(MASTHEAD), *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.serve.pid}/task/{self.serve.pid}/children").read_text()
        return [int(pid) for pid in children.split()]


def production_env(directory: Path, port: int, database_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MASTHEAD_PAGE_CACHE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="masthead.settings.production",
        MASTHEAD_DATA_DIR=str(directory / "data"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MASTHEAD_SSL_REDIRECT="off",  # plain HTTP on the loopback: no TLS to redirect to
        MASTHEAD_NGINX_CACHE_DIR=str(directory / "nginx-cache"),
        PORT=str(port),
        LOG_LEVEL="WARNING",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@contextmanager
def production_stack(
    workers: int = 2, *, env: dict | None = None, database_address: str = "", nginx: bool = True
):
    """Demo data, `masthead serve` with `workers` processes, nginx in front: yields a Stack.

    `env` adds to the processes' environment; `database_address` (host:port) is where
    they reach the throw-away PostgreSQL database, a relay in front of it for instance.
    """
    directory = Path(tempfile.mkdtemp(prefix="masthead-production-"))
    app_port, nginx_port = free_port(), free_port()
    database = os.environ.get("DATABASE_URL", "")
    try:
        with throwaway_postgres(database) if database else nullcontext("") as database_url:
            if database_url and database_address:
                database_url = with_address(database_url, database_address)
            stack = Stack(
                directory,
                {**production_env(directory, app_port, database_url), **(env or {})},
                f"http://127.0.0.1:{app_port}",
                f"http://127.0.0.1:{nginx_port}",
            )
            try:
                start(stack, workers, nginx_port if nginx else None)
                yield stack
            finally:
                for process in (stack.nginx, stack.serve):
                    if process is not None:
                        stop(process)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def nullcontext(value):
    yield value


def start(stack: Stack, workers: int, nginx_port: int | None) -> None:
    stack.masthead("migrate", "--noinput")
    stack.masthead("load_demo")
    log = (stack.directory / "serve.log").open("w")
    stack.serve = subprocess.Popen(
        [str(MASTHEAD), "serve", "--port", stack.env["PORT"], "--workers", str(workers)],
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_until_up(stack.app_url + "/robots.txt", stack.serve)
    if nginx_port is None:
        return
    prefix = stack.directory / "nginx"
    prefix.mkdir()
    config = prefix / "nginx.conf"
    stack.masthead(
        "nginx-config",
        "--standalone",
        f"--prefix={prefix}",
        f"--listen=127.0.0.1:{nginx_port}",
        f"--upstream=127.0.0.1:{stack.env['PORT']}",
        f"--output={config}",
    )
    stack.nginx = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
        start_new_session=True,
    )
    wait_until_up(stack.nginx_url + "/robots.txt", stack.nginx)

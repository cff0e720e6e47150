"""Acceptance of `make run`: on a fresh data directory, `masthead run` sends a sign-up's
confirmation mail through its own worker thread, and the console backend prints it in
the terminal, with nothing else started or set up."""

import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .sink import free_port

MASTHEAD = str(Path(sys.executable).parent / "masthead")
ADDRESS = "reader@example.org"


def development_env(data_dir: Path) -> dict:
    """The environment of `make run`: development settings, the embedded database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="masthead.settings.dev", MASTHEAD_DATA_DIR=str(data_dir))
    return env


def masthead(env: dict, *args: str) -> str:
    result = subprocess.run([MASTHEAD, *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Terminal:
    """What a process prints, collected by a thread as it comes."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self.read, args=(process.stdout,), daemon=True)
        self.reader.start()

    def read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            assert time.monotonic() < deadline, f"{text!r} not printed:\n" + "\n".join(self.lines)
            time.sleep(0.1)


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 - our own server
            return
        except OSError:
            assert time.monotonic() < deadline, f"{url} did not answer"
            time.sleep(0.3)


def test_make_run_prints_the_confirmation_mail(tmp_path):
    env = development_env(tmp_path)
    masthead(env, "migrate", "--noinput")
    code = (
        "from masthead.newsletters.models import Newsletter; "
        "print(Newsletter.objects.create(name='Breaking news', slug='breaking-news').pk)"
    )
    newsletter = masthead(env, "shell", "-c", code).split()[-1]  # after the shell's notice
    port = free_port()
    command = [MASTHEAD, "run", f"127.0.0.1:{port}", "--noreload"]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        terminal = Terminal(server)
        terminal.wait_for("a worker thread in this process")
        wait_until_up(f"http://127.0.0.1:{port}/robots.txt")
        form = urllib.parse.urlencode({"email": ADDRESS, "newsletter": newsletter}).encode()
        subscribe = f"http://127.0.0.1:{port}/newsletter/subscribe/"
        with urllib.request.urlopen(subscribe, data=form, timeout=30) as answer:  # noqa: S310
            assert answer.status == 200
        terminal.wait_for("Subject: Confirm your subscription")
        terminal.wait_for(f"To: {ADDRESS}")
        terminal.wait_for("/newsletter/confirm/")
    finally:
        server.terminate()
        server.wait(timeout=30)

"""Lighthouse on the demo lead article: category scores, Web Vitals and the front-end budget.

Starts Masthead on a free loopback port with a throw-away data directory, runs the
Lighthouse CLI (npm's `lighthouse`, pinned in package.json) with Debian's Chromium a few
times on the mobile preset, and prints the medians. Never downloads a browser: Chromium
must be at CHROME_PATH (default /usr/bin/chromium).

The budget counts HTML, CSS, JS and fonts gzip-compressed (level 6, as Django's
GZipMiddleware sends them), whether or not this server compresses them, and the process
exits 1 when it is broken. `python -m bench.lighthouse --runs 5`
"""

import argparse
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
BUDGET = 40 * 1024
WEIGHED_TYPES = ("Document", "Stylesheet", "Script", "Font")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": ("FCP", "ms"),
    "largest-contentful-paint": ("LCP", "ms"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
    "speed-index": ("Speed Index", "ms"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_site() -> tuple[str, str]:
    """Migrate a fresh data directory, load the demo; return it and the lead article's path."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings.dev"
    from bench.harness import setup_django

    data_dir = setup_django()
    from masthead.demo.content import LEAD_ARTICLE
    from masthead.news.models import ArticlePage

    return data_dir, ArticlePage.objects.get(slug=LEAD_ARTICLE.slug).url


def start_server(port: int) -> subprocess.Popen:
    """`masthead run` in its own process (the environment carries the data directory)."""
    command = [sys.executable, "-m", "masthead.cli", "run", "--noreload", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"Masthead did not start on port {port}")


def run_lighthouse(url: str, chrome: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="masthead-lighthouse-") as out:
        report = Path(out) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
        ]
        # A browser of Lighthouse's own is never fetched: puppeteer is told not to, and
        # chrome-launcher only ever starts the binary named here.
        env = {**os.environ, "CHROME_PATH": chrome, "PUPPETEER_SKIP_DOWNLOAD": "1"}
        subprocess.run(command, env=env, check=True, timeout=300)  # noqa: S603
        return json.loads(report.read_text())


def gzipped_size(url: str) -> int:
    """What the resource weighs gzip-compressed, from the bytes this server sends."""
    # Only URLs that Lighthouse requested from our own loopback origin get here.
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return len(gzip.compress(response.read(), compresslevel=6, mtime=0))


def weigh(report: dict) -> dict[str, tuple[int, int]]:
    """Per resource type: bytes transferred (as Lighthouse saw them) and gzip-compressed."""
    weights: dict[str, tuple[int, int]] = dict.fromkeys(WEIGHED_TYPES, (0, 0))
    for item in report["audits"]["network-requests"]["details"]["items"]:
        kind = item.get("resourceType")
        if kind in weights:
            sent, compressed = weights[kind]
            weights[kind] = (sent + item["transferSize"], compressed + gzipped_size(item["url"]))
    return weights


def third_party(report: dict, origin: str) -> list[str]:
    items = report["audits"]["network-requests"]["details"]["items"]
    return [item["url"] for item in items if not item["url"].startswith((origin, "data:"))]


def summarise(reports: list[dict]) -> None:
    for report in reports:
        scores = "  ".join(
            f"{name} {round(report['categories'][name]['score'] * 100)}" for name in CATEGORIES
        )
        tbt = report["audits"]["total-blocking-time"]["numericValue"]
        print(f"  run: {scores}  TBT {tbt:.0f} ms")
    print(f"== Median of {len(reports)} runs (mobile preset, simulated throttling)")
    for name in CATEGORIES:
        median = statistics.median(r["categories"][name]["score"] * 100 for r in reports)
        spread = sorted(round(r["categories"][name]["score"] * 100) for r in reports)
        print(f"  {name:<16} {median:>5.0f}   runs {spread}")
    for audit, (label, unit) in METRICS.items():
        median = statistics.median(r["audits"][audit]["numericValue"] for r in reports)
        print(
            f"  {label:<16} {median:>8.3f}" if not unit else f"  {label:<16} {median:>5.0f} {unit}"
        )


def report_budget(report: dict, origin: str) -> bool:
    print("== Front-end weight (images aside)       transferred   gzip -6")
    weights = weigh(report)
    for kind, (sent, compressed) in weights.items():
        print(f"  {kind:<38} {sent:>8} B  {compressed:>8} B")
    total = sum(compressed for _sent, compressed in weights.values())
    sent_total = sum(sent for sent, _compressed in weights.values())
    within = total <= BUDGET
    print(
        f"  {'HTML + CSS + JS + fonts':<38} {sent_total:>8} B  {total:>8} B"
        f"  budget {BUDGET} B: {'within' if within else 'BROKEN'}"
    )
    foreign = third_party(report, origin)
    print(f"  third-party requests: {len(foreign)}" + "".join(f"\n    {url}" for url in foreign))
    return within and not foreign


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs; medians are shown")
    arguments = parser.parse_args()
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not LIGHTHOUSE.exists() or not shutil.which(chrome):
        raise SystemExit(f"Needs {LIGHTHOUSE} (npm ci) and Chromium at {chrome} (make chromium)")
    data_dir, path = prepare_site()
    port = free_port()
    server = start_server(port)
    try:
        origin = f"http://127.0.0.1:{port}"
        reports = [run_lighthouse(origin + path, chrome) for _ in range(arguments.runs)]
        print(f"== Lighthouse {reports[0]['lighthouseVersion']} on {origin}{path}")
        summarise(reports)
        within = report_budget(reports[-1], origin)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)
    sys.exit(0 if within else 1)


if __name__ == "__main__":
    main()

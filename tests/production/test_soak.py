"""`make soak` in 20 seconds, so that the script cannot rot between full runs.

Only on PostgreSQL (the soak runs there and nowhere else) with redis-server installed:
CI's `make test-postgres` runs it: migrate and the demo on a database of its own, then
20 s of load (3.6 min in all on the shared 2-core machine at a load average of 8). Its
timing bounds (p99, memory growth) are not asserted here: 20 s on a shared machine
measure the machine. What must hold in any run is: the killed worker is replaced, no
comment answered 201 is lost, and every figure is printed.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.soak import REDIS_SERVER
from bench.soak_report import with_database

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the soak runs on PostgreSQL (make test-postgres)",
    ),
    pytest.mark.skipif(not Path(REDIS_SERVER).exists(), reason="redis-server is not installed"),
]

PROJECT = Path(__file__).resolve().parents[2]


def test_a_short_soak_prints_every_figure_and_loses_no_comment():
    database = os.environ.get("SOAK_DATABASE_URL") or with_database(
        os.environ["DATABASE_URL"], f"masthead_soaktest_{os.getpid()}"
    )
    env = {
        **os.environ,
        "SOAK_SECONDS": "20",
        "SOAK_PAUSE_SECONDS": "2",
        "SOAK_DATABASE_URL": database,
    }
    result = subprocess.run(
        [sys.executable, "-m", "bench.soak"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout
    assert "-- steady state" in output, result.stderr
    for heading in ("-- worker killed", "-- Redis paused", "-- resident memory", "-- comments:"):
        assert heading in output
    assert "ok   the killed worker was replaced" in output
    assert "ok   comments stored" in output

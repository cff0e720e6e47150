"""`make bench-newsletter` runs the send in an idle cgroup, as the worker unit's
CPUWeight=idle would: the group is made, holds the command it starts, and goes away."""

import os
import subprocess
import time

import pytest

from bench.cpu_group import IdleGroup, cpu_root

pytestmark = pytest.mark.skipif(
    cpu_root() is None, reason="no writable cpu cgroup here (needs root)"
)


def test_a_command_runs_in_an_idle_group_that_is_removed_afterwards():
    group = IdleGroup(f"masthead-test-{os.getpid()}")
    try:
        command = subprocess.run(
            [*group.prefix(), "cat", "/proc/self/cgroup"], capture_output=True, text=True
        )
        assert command.returncode == 0
        assert f"/masthead-test-{os.getpid()}\n" in command.stdout
        assert (group.path / "cpu.idle").read_text().strip() == "1"
        path = group.path
    finally:
        group.remove()
    assert not path.exists()


def test_a_process_still_in_the_group_is_moved_out_so_that_it_can_go():
    group = IdleGroup(f"masthead-test-left-{os.getpid()}")
    sleeper = subprocess.Popen([*group.prefix(), "sleep", "30"])
    try:
        path = group.path
        for _ in range(50):
            if str(sleeper.pid) in (path / "cgroup.procs").read_text().split():
                break
            time.sleep(0.1)
        group.remove()
        assert not path.exists()
    finally:
        sleeper.kill()
        sleeper.wait()

"""An idle CPU cgroup for a benchmark's background processes: what systemd makes of
deploy/systemd/masthead-worker@.service's `CPUWeight=idle`.

The kernel shares the CPU between groups first; a group with `cpu.idle=1` runs only on
CPU the others leave, and a waking task of another group preempts it. That is not the
same as a process's own SCHED_IDLE (`chrt --idle 0`): on this machine one SCHED_IDLE
busy loop took readers' p99 from 0.6 to 2.7 ms, the same loop in an idle group left it
at 0.5 to 0.9 ms (docs/newsletters.md, "Speed").

Needs root and a writable cgroup file system, with the cpu controller in version 2
(`/sys/fs/cgroup/cpu.idle`) or version 1 (`/sys/fs/cgroup/cpu/cpu.idle`).
"""

import contextlib
import os
from pathlib import Path

ROOTS = [Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/cpu")]


def cpu_root() -> Path | None:
    """The cgroup directory whose children have `cpu.idle`, if this process may make one."""
    for root in ROOTS:
        if _has_cpu_controller(root) and os.access(root, os.W_OK):
            return root
    return None


def _has_cpu_controller(root: Path) -> bool:
    controllers = root / "cgroup.subtree_control"
    if controllers.exists():  # version 2: the cpu controller must be given to children
        return "cpu" in controllers.read_text().split()
    return (root / "cpu.idle").exists()  # version 1: the cpu hierarchy's own root


class IdleGroup:
    """A cgroup with `cpu.idle=1`, made on first use and removed by `remove()`."""

    def __init__(self, name: str):
        self.name = name
        self.path: Path | None = None

    def available(self) -> bool:
        return cpu_root() is not None

    def prefix(self) -> list[str]:
        """A command prefix that moves the command into the group, then runs it (exec:
        the process id stays the command's, for stopping it by id)."""
        if self.path is None:
            root = cpu_root()
            if root is None:
                raise RuntimeError("no writable cpu cgroup: run as root, or set BENCH_NICE")
            self.path = root / self.name
            self.path.mkdir(exist_ok=True)
            (self.path / "cpu.idle").write_text("1")
        procs = self.path / "cgroup.procs"
        return ["sh", "-c", 'echo $$ > "$0" && exec "$@"', str(procs)]

    def remove(self) -> None:
        """Remove the group once its processes are gone (they are moved to the root if
        any is left, so that the directory can go)."""
        if self.path is None or not self.path.exists():
            return
        parent_procs = self.path.parent / "cgroup.procs"
        for pid in (self.path / "cgroup.procs").read_text().split():
            with contextlib.suppress(OSError):  # the process ended meanwhile
                parent_procs.write_text(pid)
        self.path.rmdir()
        self.path = None

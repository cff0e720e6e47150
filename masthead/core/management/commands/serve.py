"""`masthead serve`: the production server, Granian running Masthead's WSGI application.

Granian was chosen by measurement on a 2-core machine (docs/benchmarks.md, "Choosing the
server"): its Rust HTTP layer keeps the cost of a request that Masthead answers from its
page cache close to that of a static file, where gunicorn's Python HTTP handling costs
more than the cache hit itself.
"""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

WSGI_TARGET = "masthead.wsgi:application"
# Connections the kernel holds for the workers to accept (Granian's default; Linux caps
# it at net.core.somaxconn).
BACKLOG = 1024
# Open connections one worker serves at once. Granian's `backpressure` counts
# connections, not requests: a connection keeps its place while it sits idle between
# requests (nginx's upstream keep-alive pool, a browser, a load generator), until its
# client closes it or the 30 s header-read timeout does. Every connection past the limit
# waits in the listen queue with every Python thread idle: the 15-25 s stalls of issue 12
# (docs/benchmarks.md). The requests actually running stay bounded by --threads.
CONNECTIONS_PER_WORKER = 512


def usable_cpus() -> int:
    """CPUs this process may run on (a container's or cgroup's limit, not the host's count)."""
    return len(os.sched_getaffinity(0))


def default_workers() -> int:
    """One process per CPU, at least two.

    Python runs one thread at a time per process, so a worker per CPU uses every core;
    more processes only add memory. Two at least, so that one long request (a search on
    a large archive) never holds up every reader, and a crashed worker is not an outage.
    """
    return max(2, usable_cpus())


def static_out_of_date() -> bool:
    """True when collectstatic has never run or a source file is newer than its manifest."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return True  # plain storage: collectstatic only copies what changed
    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(
        Path(storage.path(path)).stat().st_mtime > built
        for finder in finders.get_finders()
        for path, storage in finder.list([])
    )


class Command(BaseCommand):
    help = "Serve Masthead with its production server (Granian, WSGI) on 127.0.0.1:$PORT."
    requires_system_checks = []  # run below, once, before the workers start

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=settings.PORT, help="Port (default $PORT).")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Worker processes (default: one per CPU, at least 2).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=4,
            help="Threads per worker for requests waiting on the database (default 4).",
        )
        parser.add_argument(
            "--connections",
            dest="open_connections",
            type=int,
            default=CONNECTIONS_PER_WORKER,
            help=f"Open connections per worker, idle keep-alive ones included "
            f"(default {CONNECTIONS_PER_WORKER}).",
        )
        parser.add_argument(
            "--pid-file", type=Path, help="Write the server's process id to this file."
        )
        parser.add_argument(
            "--access-log", action="store_true", help="Log every request (nginx usually does)."
        )

    def handle(
        self, *args, host, port, workers, threads, open_connections, pid_file, access_log, **options
    ):
        from granian import Granian
        from granian.constants import Interfaces

        self.check()
        self.check_migrations()
        if static_out_of_date():
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(f"Collected static files into {settings.STATIC_ROOT}.")
        connections.close_all()  # the workers fork from this process: none may share a connection
        self.stdout.write(
            f"Serving {WSGI_TARGET} ({os.environ['DJANGO_SETTINGS_MODULE']}) on "
            f"http://{host}:{port}/ with {workers} workers x {threads} threads; stop with Ctrl-C."
        )
        Granian(
            WSGI_TARGET,
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=threads,
            backlog=BACKLOG,
            backpressure=open_connections,
            websockets=False,
            log_access=access_log,
            respawn_failed_workers=True,
            workers_kill_timeout=30,
            pid_file=pid_file,
        ).serve()

"""Servers that fail on demand, for the outage tests: a Redis of the test's own, and a TCP
relay in front of PostgreSQL that can refuse connections or swallow them.

Everything listens on 127.0.0.1 on a free port and is stopped by its id; no shared server
is ever paused or stopped.
"""

import contextlib
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

from .stack import free_port, stop

REDIS_SERVER = shutil.which("redis-server")


class RedisServer:
    """`redis-server` on a free port, without persistence: stop() and start() again."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.client().ping()

    def client(self, timeout: float = 10):
        import redis

        deadline = time.monotonic() + timeout
        while True:
            client = redis.Redis(port=self.port, socket_timeout=2, socket_connect_timeout=2)
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def pause(self, milliseconds: int) -> None:
        """CLIENT PAUSE: every client's commands wait, as on a stalled server."""
        self.client().client_pause(milliseconds)

    def is_paused(self) -> bool:
        import redis

        client = redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5)
        try:
            client.get("masthead-test:probe")
        except redis.TimeoutError:
            return True
        return False


class TcpRelay:
    """Relays connections to `target`; `refuse()` closes them all and takes connections no
    more (connection refused), `swallow()` closes them and accepts new ones that then get
    no answer (a server that hangs), `restore()` relays again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self.mode = "relay"
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._listen()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # closed by refuse() or close()
            self._track(client)
            if self.mode == "relay":
                threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _relay(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        self._track(upstream)
        threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()
        self._pipe(client, upstream)

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _drop_connections(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def refuse(self) -> None:
        self.mode = "refuse"
        if self._listener is not None:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
            self._listener.close()
            self._listener = None
        self._drop_connections()

    def swallow(self) -> None:
        if self._listener is None:
            self._listen()
        self.mode = "swallow"
        self._drop_connections()

    def restore(self) -> None:
        self._drop_connections()
        self.mode = "relay"
        if self._listener is None:
            self._listen()

    def close(self) -> None:
        self.refuse()

"""What the pipelined commit asks of the database's socket (commit.hold_writes), and the
kernel's behaviour it relies on: what a killed process's socket holds is still sent."""

import signal
import socket
import subprocess
import sys

from masthead.newsletters.commit import hold_writes

# What hold_writes() does, in a process of its own that then dies as a killed worker does.
KILLED_WHILE_HOLDING = """
import os, signal, socket, sys
client = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
client.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
client.send(b"UPDATE")
os.kill(os.getpid(), signal.SIGKILL)
"""


def corked(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_CORK)


def test_holding_sets_and_clears_the_cork_and_leaves_the_socket_open():
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        accepted, _ = server.accept()
        with client, accepted:
            assert hold_writes(client.fileno(), True) and corked(client) == 1
            assert hold_writes(client.fileno(), False) and corked(client) == 0
            client.sendall(b"still open")
            assert accepted.recv(100) == b"still open"


def test_a_unix_socket_is_left_alone():
    one, other = socket.socketpair()
    with one, other:
        assert hold_writes(one.fileno(), True) is False
        one.sendall(b"x")
        assert other.recv(1) == b"x"


def test_what_a_killed_process_held_is_still_sent():
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(30)
        port = server.getsockname()[1]
        process = subprocess.Popen([sys.executable, "-c", KILLED_WHILE_HOLDING, str(port)])
        accepted, _ = server.accept()
        with accepted:
            accepted.settimeout(30)
            received = b""
            while chunk := accepted.recv(100):
                received += chunk
        assert process.wait(timeout=30) == -signal.SIGKILL
    assert received == b"UPDATE"

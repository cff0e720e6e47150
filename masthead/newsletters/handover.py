"""Handing one message to the mail server so that a killed worker sends nothing twice
and loses as little as the two systems allow.

With Django's SMTP backend the message's body goes to the server, then its delivery row
is committed as sent, and only then the final "." that makes the server take the
message. A worker killed before the commit leaves the server an unfinished message,
which it drops, and a row still to send; killed after the "." was written, the kernel
still delivers it. What is left is the time between the commit reaching the database
and the "." being written: a kill there loses the message (recorded as sent), never
sends it twice. RFC 1047 shows that no order of the two closes it.

That time is kept as short as the database allows (commit.py): on PostgreSQL the
UPDATE is written without waiting for its answer (and held in the kernel until the "."
is out, so that its write wakes no other process), the "." straight after, in the same
thread holding the GIL (a thread that lets go of it may wait up to the 5 ms switch
interval to get it back), and both answers are read after. The "." is one write(2):
`socket.sendall()` on a socket with a timeout polls first, giving up the GIL. Whether
the row was still this claim's is then only known after the "." went, so a thread
checks its claim's lease before each message (sending.Claim) and stops at the first
row found not its own: a cancelled send, or a reader erased meanwhile, gets at most
one more message per connection. On SQLite the UPDATE is committed and answered
before the "." (written before the writers' locks are let go), the time between being
the wait for the GIL after the commit. `make bench-kill` measures what is left, with
the shipped connections (docs/newsletters.md, "Exactly once").

Other backends (console, anymail's API providers) cannot be split so: the row is
committed as sent just before the backend is called, and put back if the call fails.
"""

import contextlib
import logging
import os
import smtplib
import socket
import ssl
from functools import partial

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from .commit import SentMark, nothing

logger = logging.getLogger(__name__)
END_OF_DATA = b".\r\n"


class Transient(Exception):
    """Try again later: the server or the network failed, or said 4xx."""


class Permanent(Exception):
    """Never again to this address: the server refused it (5xx)."""


class Superseded(Exception):
    """The delivery row is no longer this claim's: the batch stops."""


def refusal(code: int, reply: bytes | str) -> Exception:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    kind = Permanent if 500 <= code < 600 else Transient
    return kind(f"{code} {text}"[:300])


def uses_smtp() -> bool:
    return isinstance(get_connection(), SMTPBackend)


class Courier:
    """One open connection for a batch; `deliver()` per message."""

    def __init__(self):
        self.backend = get_connection()
        self.smtp = isinstance(self.backend, SMTPBackend)

    def __enter__(self) -> "Courier":
        self.backend.open()
        return self

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(Exception):  # a broken connection is closed either way
            self.backend.close()

    def deliver(self, message: EmailMessage, mark: SentMark) -> None:
        """Send `message` through a backend that is not SMTP: committed, then sent."""
        if not mark.commit(then=nothing):
            raise Superseded
        self.backend.send_messages([message])

    def deliver_bytes(self, sender: str, recipient: str, data: bytes, mark: SentMark) -> None:
        """Hand `data` (a whole message, dot-stuffed, CRLF) to the SMTP server for
        `recipient`; `mark` commits its row as sent."""
        try:
            self._smtp_deliver(sender, recipient, data, mark)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self._reconnect()
            raise Transient(str(error)[:300]) from error

    def _reconnect(self) -> None:
        self.backend.close()
        self.backend.connection = None
        with contextlib.suppress(OSError):  # the next message then fails as Transient
            self.backend.open()

    def _smtp_deliver(self, sender: str, recipient: str, data: bytes, mark: SentMark) -> None:
        connection = self.backend.connection
        if connection is None:
            self.backend.open()
            connection = self.backend.connection
        if connection.sock is not None:
            # The final "." is a small write right after the body: without this, Nagle's
            # algorithm holds it until the body is acknowledged, 40 ms per message.
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection.ehlo_or_helo_if_needed()
        # The addresses are ASCII and checked already: smtplib's mail() and rcpt() would
        # parse each again.
        code, reply = connection.docmd("MAIL", f"FROM:<{sender}>")
        if code != 250:
            connection.rset()
            raise refusal(code, reply)
        code, reply = connection.docmd("RCPT", f"TO:<{recipient}>")
        if code not in (250, 251):
            connection.rset()
            raise refusal(code, reply)
        code, reply = connection.docmd("DATA")
        if code != 354:
            connection.rset()
            raise refusal(code, reply)
        connection.send(data)
        if mark.commit(then=partial(end_data, connection.sock)):
            code, reply = connection.getreply()
            if code != 250:
                raise refusal(code, reply)
        elif mark.finishes_first:
            logger.warning("Sent to %s after its row stopped being this claim's", recipient)
            raise Superseded
        else:
            self._reconnect()  # the server drops the unfinished message
            raise Superseded


def end_data(sock: socket.socket) -> None:
    """The final "." in one write(2), started as soon as this thread lets go of the GIL:
    `sendall()` on a socket with a timeout polls first, and takes the GIL back before
    writing."""
    if isinstance(sock, ssl.SSLSocket):
        sock.sendall(END_OF_DATA)  # through TLS, which writes before any poll
        return
    try:
        written = os.write(sock.fileno(), END_OF_DATA)
    except BlockingIOError:  # the send buffer is full: the body is not read yet
        written = 0
    if written < len(END_OF_DATA):
        sock.sendall(END_OF_DATA[written:])

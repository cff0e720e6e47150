"""Handing one message to the mail server so that a killed worker sends nothing twice.

With Django's SMTP backend the message's body goes to the server, then its delivery row
is committed as sent, and only then the final "." that makes the server take the
message. A worker killed before the commit leaves the server an unfinished message,
which it drops, and a row still to send; killed after it, the kernel still delivers the
"." already written. What is left is the instant between the commit and one write.

Other backends (console, anymail's API providers) cannot be split so: the row is
committed as sent just before the backend is called, and put back if the call fails.
"""

import contextlib
import smtplib
import socket
from collections.abc import Callable

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend


class Transient(Exception):
    """Try again later: the server or the network failed, or said 4xx."""


class Permanent(Exception):
    """Never again to this address: the server refused it (5xx)."""


class Superseded(Exception):
    """The delivery row is no longer this worker's: nothing was sent."""


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

    def deliver(self, message: EmailMessage, commit: Callable[[], bool]) -> None:
        """Send `message` through a backend that is not SMTP: committed, then sent."""
        if not commit():
            raise Superseded
        self.backend.send_messages([message])

    def deliver_bytes(
        self, sender: str, recipient: str, data: bytes, commit: Callable[[], bool]
    ) -> None:
        """Hand `data` (a whole message, dot-stuffed, CRLF) to the SMTP server for
        `recipient`; `commit()` marks it sent and says whether the row was still ours."""
        try:
            self._smtp_deliver(sender, recipient, data, commit)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self._reconnect()
            raise Transient(str(error)[:300]) from error

    def _reconnect(self) -> None:
        self.backend.close()
        self.backend.connection = None
        with contextlib.suppress(OSError):  # the next message then fails as Transient
            self.backend.open()

    def _smtp_deliver(
        self, sender: str, recipient: str, data: bytes, commit: Callable[[], bool]
    ) -> None:
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
        if not commit():
            self._reconnect()  # the server drops the unfinished message
            raise Superseded
        connection.send(b".\r\n")
        code, reply = connection.getreply()
        if code != 250:
            raise refusal(code, reply)

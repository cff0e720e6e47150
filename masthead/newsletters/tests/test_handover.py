"""The handover's order: the row's commit written before the final ".", the "." never
written for a row known not to be the claim's, and the batch stopped at the first row
found not its own; the commit itself on the database in use (PostgreSQL: pipelined)."""

import logging
import socket
import time
from unittest import mock

from django.db import connection, connections
from django.utils import timezone

import psycopg
import pytest

from masthead.newsletters import commit, handover, sending
from masthead.newsletters.models import Delivery, Send

from .sends import started_send
from .sink import free_port

pytestmark = pytest.mark.django_db(transaction=True)

BODY = b"Subject: Flood\r\n\r\nFlood warning\r\n"


class FakeSMTP:
    """smtplib.SMTP's part the courier uses, writing to one end of a socket pair."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.commands: list[str] = []

    def ehlo_or_helo_if_needed(self) -> None:
        pass

    def docmd(self, command: str, argument: str = "") -> tuple[int, bytes]:
        self.commands.append(command)
        return (354 if command == "DATA" else 250), b"OK"

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def getreply(self) -> tuple[int, bytes]:
        return 250, b"OK"

    def rset(self) -> None:
        self.commands.append("RSET")


class Recording:
    """A sent mark that notes what the SMTP server had received before and after `then`."""

    def __init__(self, peer: socket.socket, *, pipelined: bool = True, ours: bool = True):
        self.peer, self.finishes_first, self.answer = peer, pipelined, ours
        self.received = b""
        self.before: bytes | None = None
        self.after: bytes | None = None

    def arrived(self) -> bytes:
        self.peer.setblocking(False)
        try:
            while chunk := self.peer.recv(65536):
                self.received += chunk
        except BlockingIOError:
            pass
        return self.received

    def commit(self, then) -> bool:
        self.before = self.arrived()
        if self.finishes_first or self.answer:
            then()
        self.after = self.arrived()
        return self.answer


def tcp_pair() -> tuple[socket.socket, socket.socket]:
    """Two ends of a TCP connection on the loopback (the courier sets TCP options)."""
    with socket.create_server(("127.0.0.1", free_port())) as server:
        ours = socket.create_connection(server.getsockname())
        peer, _address = server.accept()
    return ours, peer


@pytest.fixture
def courier():
    """A Courier whose SMTP connection is a fake on a TCP connection; (courier, peer)."""
    ours, peer = tcp_pair()
    courier = handover.Courier.__new__(handover.Courier)
    courier.backend = mock.Mock(connection=FakeSMTP(ours))
    courier.smtp = True
    yield courier, peer
    ours.close()
    peer.close()


def test_the_rows_commit_is_written_before_the_final_dot_and_answered_after(courier):
    courier, peer = courier
    mark = Recording(peer)
    courier.deliver_bytes("news@example.org", "reader@example.org", BODY, mark)
    assert mark.before == BODY  # the body, not yet its end
    assert mark.after == BODY + b".\r\n"
    assert courier.backend.connection.commands == ["MAIL", "RCPT", "DATA"]


def test_a_row_known_not_to_be_the_claims_gets_no_final_dot(courier):
    courier, peer = courier
    mark = Recording(peer, pipelined=False, ours=False)
    with pytest.raises(handover.Superseded):
        courier.deliver_bytes("news@example.org", "reader@example.org", BODY, mark)
    assert mark.arrived() == BODY
    courier.backend.close.assert_called_once()  # the server drops the unfinished message


def test_a_row_found_not_the_claims_after_the_dot_is_logged(courier, caplog):
    courier, peer = courier
    mark = Recording(peer, ours=False)
    with caplog.at_level(logging.WARNING), pytest.raises(handover.Superseded):
        courier.deliver_bytes("news@example.org", "reader@example.org", BODY, mark)
    assert mark.arrived() == BODY + b".\r\n"
    assert "reader@example.org" in caplog.text


def started(breaking, subscribed, count: int) -> Send:
    subscribed(count)
    return started_send(breaking)


def state_seen_elsewhere(delivery: Delivery) -> str:
    """The row's state through another connection, once it is no longer claimed."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            for _ in range(1000):  # the pipelined UPDATE may still be on its way
                cursor.execute(
                    f"SELECT state FROM {Delivery._meta.db_table} WHERE id = %s",  # noqa: S608
                    [delivery.pk],
                )
                if (state := cursor.fetchone()[0]) != Delivery.State.CLAIMED:
                    return state
                time.sleep(0.01)
            return state
    finally:
        other.close()


def test_the_row_is_committed_before_the_final_dot_goes(breaking, subscribed):
    """PostgreSQL: without its answer read (pipelined); SQLite: answered first."""
    send = started(breaking, subscribed, 1)
    claim = sending.claim_batch(send.pk, 1)
    [delivery] = claim.rows
    mark = commit.sent_mark(delivery, claim.token)
    pipelined = connection.vendor == "postgresql"
    assert isinstance(mark, commit.Pipelined if pipelined else commit.Immediate)
    seen = []
    assert mark.commit(then=lambda: seen.append(state_seen_elsewhere(delivery)))
    assert seen == [Delivery.State.SENT]
    assert Send.objects.filter(pk=send.pk).exists()  # the connection still answers


def test_the_commit_fails_for_another_claims_row_and_for_a_cancelled_send(breaking, subscribed):
    send = started(breaking, subscribed, 2)
    claim = sending.claim_batch(send.pk, 2)
    first, second = claim.rows
    assert not answered(commit.sent_mark(first, "another claim"))
    Send.objects.filter(pk=send.pk).update(status=Send.Status.CANCELLED)
    assert not answered(commit.sent_mark(second, claim.token))
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.CLAIMED}


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_pipelined_commit_whose_answer_is_lost_is_asked_again(breaking, subscribed):
    send = started(breaking, subscribed, 1)
    claim = sending.claim_batch(send.pk, 1)
    mark = commit.sent_mark(claim.rows[0], claim.token)
    with mock.patch.object(mark, "_results", side_effect=psycopg.OperationalError("lost")):
        assert mark.commit(then=commit.nothing)
    assert Delivery.objects.get().state == Delivery.State.SENT  # on a new connection


def answered(mark) -> bool:
    return mark.commit(then=commit.nothing)


def test_a_claim_past_half_its_lease_sends_no_more(breaking, subscribed, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send = started(breaking, subscribed, 2)
    claim = sending.claim_batch(send.pk, 2)
    claim.until = timezone.now() + sending.lease() / 2
    with handover.Courier() as courier:
        sending.hand_over(courier, send, claim, sending.Pace(0))
    sending.release(claim.token)
    assert mailoutbox == []
    assert sending.send_progress(send.pk)["waiting"] == 2  # for the next claim


def test_a_send_cancelled_mid_batch_stops_at_the_next_row(breaking, subscribed, smtp):
    """On PostgreSQL the next row's message has gone when its commit answers: the one
    message a connection may send after a cancel."""
    send = started(breaking, subscribed, 3)
    marks = []

    def cancelling_after_the_first(delivery, token):
        if marks:
            Send.objects.filter(pk=send.pk).update(status=Send.Status.CANCELLED)
        marks.append(delivery.pk)
        return commit.sent_mark(delivery, token)

    with mock.patch.object(sending, "sent_mark", cancelling_after_the_first):
        assert sending.deliver_batch(send.pk) == 3
    expected = 2 if connection.vendor == "postgresql" else 1
    assert len(smtp.messages) == expected
    assert len(marks) == 2
    progress = sending.send_progress(send.pk)
    assert progress["sent"] == 1 and progress["waiting"] == 2

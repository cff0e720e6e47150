"""Committing a delivery row as sent, with the message's final "." (`then`) written as
close after it as the database allows (handover.py says why the two go together).

On PostgreSQL in autocommit (a worker's connections) the UPDATE is written to the
server and not waited for: libpq's pipeline mode holds it in its buffer, and
`pipeline_sync()` writes it with its Sync in one call that keeps the GIL, so the "."
follows at once, before another thread can run; the kernel holds the UPDATE until the
"." is out (hold_writes). Its answer is read after the ".".
Elsewhere (SQLite, or inside a transaction) the UPDATE is committed and answered
first, and the "." written before the SQLite writers' locks are let go.

The UPDATE only succeeds while the row is this claim's and the send is still going:
it is how a worker learns that its lease ran out, that an editor cancelled the send,
or that the reader's data was erased meanwhile."""

import functools
import logging
import select
import socket
from collections.abc import Callable
from typing import Protocol

from django.db import DatabaseError, connection
from django.utils import timezone

import psycopg
from psycopg.pq import ExecStatus

from masthead.core.db import write_statement

from .models import Delivery, Send

logger = logging.getLogger(__name__)


class SentMark(Protocol):
    # True when `then` runs before the database's answer, so also for a row that turns
    # out not to be this claim's; False when it only runs for a row that is.
    finishes_first: bool

    def commit(self, then: Callable[[], None]) -> bool:
        """Commit the row as sent, call `then` (the final ".") as soon after as the
        database allows; whether the row was this claim's."""


@functools.cache
def sent_sql(placeholder: str) -> str:
    """The UPDATE, with `placeholder` formatted with each parameter's number."""
    deliveries = connection.ops.quote_name(Delivery._meta.db_table)
    sends = connection.ops.quote_name(Send._meta.db_table)
    one, two, three, four, five, six, seven = (placeholder.format(n) for n in range(1, 8))
    return (  # the tables' names from the models, every value a parameter
        f"UPDATE {deliveries} SET state = {one}, sent_at = {two}, attempts = attempts + 1 "  # noqa: S608
        f"WHERE id = {three} AND claimed_by = {four} AND state = {five} "
        f"AND EXISTS (SELECT 1 FROM {sends} WHERE id = {six} AND status = {seven})"
    )


def sent_mark(delivery: Delivery, token: str) -> SentMark:
    """How this thread's database connection commits `delivery` as sent."""
    connection.ensure_connection()
    if connection.vendor == "postgresql" and connection.get_autocommit():
        return Pipelined(delivery, token)
    return Immediate(delivery, token)


class Immediate:
    """Committed and answered before `then`: one plain statement, as the ORM's building
    of the update cost more CPU than the rest of a message's handover."""

    finishes_first = False

    def __init__(self, delivery: Delivery, token: str):
        self.delivery, self.token = delivery, token

    def commit(self, then: Callable[[], None]) -> bool:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        params = [
            Delivery.State.SENT.value,
            now,
            self.delivery.pk,
            self.token,
            Delivery.State.CLAIMED.value,
            self.delivery.send_id,
            Send.Status.SENDING.value,
        ]
        with write_statement(), connection.cursor() as cursor:  # SQLite: behind other writers
            cursor.execute(sent_sql("%s"), params)
            ours = cursor.rowcount == 1
            if ours:
                then()  # before the writers' locks are let go: one wait for the GIL fewer
        return ours


class Pipelined:
    """PostgreSQL: the UPDATE written, `then` called, the answer read; in pipeline mode
    only meanwhile, so that Django's and psycopg's use of the connection never sees it."""

    finishes_first = True

    def __init__(self, delivery: Delivery, token: str):
        self.delivery, self.token = delivery, token
        self.pgconn = connection.connection.pgconn
        self.params = [
            Delivery.State.SENT.value.encode(),
            timezone.now().isoformat().encode(),
            str(delivery.pk).encode(),
            token.encode(),
            Delivery.State.CLAIMED.value.encode(),
            str(delivery.send_id).encode(),
            Send.Status.SENDING.value.encode(),
        ]

    def commit(self, then: Callable[[], None]) -> bool:
        socket_number = self.pgconn.socket
        corked = hold_writes(socket_number, True)
        try:
            self._write()
            then()
        finally:
            if corked:
                hold_writes(socket_number, False)
            ours = self._answer()  # read on every path: the connection goes on
        return ours

    def _write(self) -> None:
        self.pgconn.enter_pipeline_mode()
        try:
            self.pgconn.send_query_params(sent_sql("${}").encode(), self.params)
            # Writes the statement and its Sync without letting go of the GIL (psycopg's
            # sync and flush keep it): the caller's next write is the "."
            self.pgconn.pipeline_sync()
            while self.pgconn.flush():  # the socket's buffer was full: rare
                select.select([], [self.pgconn.socket], [])
        except BaseException:
            connection.close()  # never left in pipeline mode for the next statement
            raise

    def _answer(self) -> bool:
        """The answer; if there is none (the connection lost, the statement refused),
        asked again on a new connection: the "." went, and a row left claimed would be
        sent again once its lease ends."""
        try:
            [result] = self._results()
            if result.status != ExecStatus.COMMAND_OK:
                raise DatabaseError(result.error_message.decode(errors="replace"))
        except (DatabaseError, psycopg.Error):
            logger.exception("No answer to a pipelined commit: committing again")
            connection.close()
            return self._sent_already() or Immediate(self.delivery, self.token).commit(nothing)
        return result.command_tuples == 1

    def _sent_already(self) -> bool:
        """Whether the UPDATE committed before its answer was lost."""
        mine = Delivery.objects.filter(pk=self.delivery.pk, claimed_by=self.token)
        return mine.filter(state=Delivery.State.SENT).exists()

    def _results(self) -> list:
        """Each result up to the Sync's; the connection out of pipeline mode after."""
        results = []
        while (result := self._next_result()).status != ExecStatus.PIPELINE_SYNC:
            results.append(result)
        self.pgconn.exit_pipeline_mode()
        return results

    def _next_result(self):
        while True:
            self.pgconn.consume_input()
            if self.pgconn.is_busy():
                select.select([self.pgconn.socket], [], [])
                continue
            result = self.pgconn.get_result()
            if result is not None:  # None ends one statement's results
                return result


def hold_writes(socket_number: int, hold: bool) -> bool:
    """TCP_CORK on the database's socket while the UPDATE and the "." are written.

    Without it the UPDATE's write wakes the database's process, which may take this CPU
    before the "." is written: a kill then lands between the two, and loses the message.
    Held, the UPDATE leaves when the "." has gone. A process killed while it is held
    still sends it: the kernel sends what a socket holds when it closes the socket.
    Whether it held (False for a Unix socket, which has no TCP_CORK)."""
    connection_socket = socket.socket(fileno=socket_number)
    try:
        if connection_socket.family not in (socket.AF_INET, socket.AF_INET6):
            return False
        connection_socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, int(hold))
        return True
    finally:
        connection_socket.detach()  # the socket stays libpq's


def nothing() -> None:
    pass

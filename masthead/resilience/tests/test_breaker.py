import logging

import pytest

from masthead.resilience.breaker import Breaker, Unavailable


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Service:
    """Counts calls; raises ConnectionError while `down`."""

    def __init__(self):
        self.calls = 0
        self.down = False

    def __call__(self) -> str:
        self.calls += 1
        if self.down:
            raise ConnectionError("refused")
        return "answer"


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def breaker(clock, settings):
    settings.MASTHEAD_OUTAGE_RETRY_SECONDS = 5
    return Breaker("Redis", errors=(ConnectionError,), clock=clock)


@pytest.fixture
def service():
    return Service()


def test_a_closed_breaker_calls_the_service(breaker, service):
    assert breaker.call(service) == "answer"
    assert service.calls == 1
    assert not breaker.is_open


def test_a_failure_opens_it_and_later_calls_are_refused_without_calling(breaker, service):
    service.down = True
    with pytest.raises(Unavailable) as raised:
        breaker.call(service)
    assert raised.value.retry_after == 5
    for _ in range(10):
        with pytest.raises(Unavailable):
            breaker.call(service)
    assert service.calls == 1


def test_after_the_interval_one_caller_tries_and_the_others_still_wait(breaker, service, clock):
    service.down = True
    with pytest.raises(Unavailable):
        breaker.call(service)
    clock.now += 5
    assert breaker.allow()
    assert not breaker.allow()  # the first one is trying: the others go on without it


def test_a_successful_try_closes_it(breaker, service, clock):
    service.down = True
    with pytest.raises(Unavailable):
        breaker.call(service)
    service.down = False
    clock.now += 5
    assert breaker.call(service) == "answer"
    assert not breaker.is_open
    assert breaker.call(service) == "answer"


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(
    breaker, service, clock, caplog
):
    caplog.set_level(logging.INFO, logger="masthead.resilience.breaker")
    service.down = True
    for _ in range(4):  # two failed tries, and refusals between them
        for _ in range(3):
            with pytest.raises(Unavailable):
                breaker.call(service)
        clock.now += 5
    service.down = False
    for _ in range(3):
        breaker.call(service)
    messages = [(record.levelname, record.getMessage()) for record in caplog.records]
    assert len(messages) == 2
    assert messages[0][0] == "WARNING"
    assert messages[0][1].startswith("Redis is unavailable (ConnectionError: refused)")
    assert messages[1] == ("INFO", "Redis is back after 20 s; 8 calls went without it meanwhile")


def test_other_errors_pass_through_and_leave_it_closed(breaker):
    def broken():
        raise ValueError("a bug, not an outage")

    with pytest.raises(ValueError):
        breaker.call(broken)
    assert not breaker.is_open


def test_retry_after_counts_down_to_the_next_try(breaker, service, clock):
    service.down = True
    with pytest.raises(Unavailable):
        breaker.call(service)
    clock.now += 2
    assert breaker.retry_after() == 3

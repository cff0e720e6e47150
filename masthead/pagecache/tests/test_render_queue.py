"""Under a rush, a page that is not cached is rendered once per process, not once per reader."""

import threading
import time

from masthead.pagecache.middleware import RenderQueue


def rush(queue: RenderQueue, key: str, readers: int, render) -> list[bool]:
    waited = []
    start = threading.Barrier(readers)

    def reader():
        start.wait()
        with queue.turn(key) as was_waiting:
            waited.append(was_waiting)
            if not was_waiting:
                render()

    threads = [threading.Thread(target=reader) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return waited


def test_one_reader_renders_while_the_others_wait():
    renders = []
    waited = rush(RenderQueue(), "/front", 8, lambda: (time.sleep(0.2), renders.append(1)))
    assert len(renders) == 1
    assert waited.count(True) == 7


def test_pages_that_cannot_be_cached_are_not_queued():
    queue = RenderQueue()
    queue.mark_uncacheable("/comments/1/token/")
    renders = []
    waited = rush(queue, "/comments/1/token/", 4, lambda: renders.append(1))
    assert len(renders) == 4 and not any(waited)


def test_a_reader_waits_only_so_long():
    queue = RenderQueue()
    queue.RENDER_WAIT = 0.05
    with queue.turn("/slow") as first:
        began = time.monotonic()
        with queue.turn("/slow") as second:
            assert not first and second
        assert time.monotonic() - began < 1

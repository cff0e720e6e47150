"""A WSGI callable answering fixed bytes: the ceiling of a WSGI server on this machine.

`make bench` points BENCH_HELLO_BODY at the article's HTML, so that this answers the same
bytes a page-cache hit does and the difference between the two is the hit's own work;
without it, a 2 KB page.
"""

import os
from pathlib import Path

BODY_FILE = os.environ.get("BENCH_HELLO_BODY")
BODY = (
    Path(BODY_FILE).read_bytes()
    if BODY_FILE
    else b"<!doctype html><title>Hello</title><p>" + b"x" * 2000 + b"</p>\n"
)
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]

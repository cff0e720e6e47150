"""A WSGI callable answering fixed bytes: the ceiling of a WSGI server on this machine."""

BODY = b"<!doctype html><title>Hello</title><p>" + b"x" * 2000 + b"</p>\n"
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]

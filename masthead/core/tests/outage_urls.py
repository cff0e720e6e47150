"""Views that fail as an outage would, for test_outages.py."""

import sqlite3

from django.db import OperationalError
from django.http import HttpResponse
from django.urls import path

import psycopg

from masthead.resilience.breaker import Unavailable

calls: list[str] = []


def failing(cause: Exception):
    def view(request):
        try:
            raise cause
        except Exception as error:
            raise OperationalError(str(cause)) from error

    return view


def fine(request):
    calls.append(request.path)
    return HttpResponse("fine")


def redis_down(request):
    raise Unavailable("Redis", 3)


urlpatterns = [
    path("unreachable/", failing(psycopg.OperationalError("connection refused"))),
    path("slow/", failing(psycopg.errors.QueryCanceled("statement timeout"))),
    path("locked/", failing(sqlite3.OperationalError("database is locked"))),
    path("fine/", fine),
    path("redis-down/", redis_down),
]

"""Path converters for the ids in Masthead's own URLs.

Django's `<int:...>` takes any run of digits, and a number wider than the database's
64-bit integers then raises OverflowError inside SQLite's driver: a 500 for a URL that
names nothing. `<id:...>` matches at most 18 digits (every one fits a signed 64-bit
integer), so a longer number matches no URL and is the 404 it should be.
"""

from django.urls import register_converter

LARGEST_ID = 2**63 - 1  # the largest value of a BigAutoField on SQLite and PostgreSQL


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

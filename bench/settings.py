"""Settings for `make bench`'s servers: production, with the comment defences lifted.

One benchmark client posts hundreds of comments a second from one address with fresh
tokens: the per-reader and per-address budgets and the time trap would refuse it, as
they should refuse a real flood. Everything else is exactly production.
"""

from masthead.settings.production import *  # noqa: F403

MASTHEAD_COMMENT_LIMITS = {"min_seconds": 0, "per_reader": 10**9, "per_address": 10**9}
# Plain HTTP on the loopback: there is no HTTPS to redirect to.
SECURE_SSL_REDIRECT = False

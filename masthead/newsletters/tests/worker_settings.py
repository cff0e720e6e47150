"""Settings of the worker processes the kill test starts: the test database and the
database task queue, mail to the test's SMTP server, small batches, a short lease and
one sending connection.

One, not the shipped four: a kill that lands between a delivery's commit and its final
"." loses that message, once per connection in flight. `make bench-kill` measured that
window with four connections: 3 kills in 60 lost a message on PostgreSQL, 1 in 30 on
SQLite (docs/newsletters.md, "Exactly once"), too often for a test that must not fail;
with one connection it is a quarter of that."""

import os

from masthead.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
MASTHEAD_NEWSLETTER_BATCH = 100
MASTHEAD_NEWSLETTER_LEASE = 2
MASTHEAD_NEWSLETTER_CONNECTIONS = 1

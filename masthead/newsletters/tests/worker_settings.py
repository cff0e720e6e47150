"""Settings of the worker processes the kill test starts: the test database and the
database task queue, mail to the test's SMTP server, small batches, a short lease and
one sending connection.

One, not the shipped four: a delivery is committed as sent just before its final ".",
so a kill that lands between the two loses that message, once per connection in flight.
With three connections, 1 run in 6 lost one message (docs/newsletters.md, "Exactly
once"); this test holds the guarantee for the one-connection case, which is what the
design promises without qualification."""

import os

from masthead.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
MASTHEAD_NEWSLETTER_BATCH = 100
MASTHEAD_NEWSLETTER_LEASE = 2
MASTHEAD_NEWSLETTER_CONNECTIONS = 1

"""What the importers remember: where each imported article came from, and admin runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """One article's source key: importing the same item again finds it here, never twice."""

    source_kind = models.CharField(max_length=20)
    source_key = models.CharField(max_length=255)
    page = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="import_sources"
    )
    # A digest of what the source said last time: the same again changes nothing.
    fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_key"], name="one_page_per_source_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_kind}:{self.source_key}"


class ImportRun(models.Model):
    """An import started from the admin: its file, its progress, and its report."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file_name = models.CharField(max_length=255)
    file_path = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    publish = models.BooleanField(default=False)
    report = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.file_name} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

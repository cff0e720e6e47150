from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm

from .checks import draft_from_stream, run_checks


def is_publishing(data) -> bool:
    """The editor pressed Publish, or approved the article in the review workflow."""
    approving = data.get("action-workflow-action") and data.get("workflow-action-name") == "approve"
    return bool(data.get("action-publish") or approving)


class ArticleForm(WagtailAdminPageForm):
    """Refuses to publish an article while an editorial check reports an error."""

    def clean(self):
        cleaned = super().clean()
        if not is_publishing(self.data):
            return cleaned
        draft = draft_from_stream(
            cleaned.get("title", ""),
            cleaned.get("dek", ""),
            cleaned.get("body"),
            cleaned.get("featured_image"),
        )
        errors = [finding.message for finding in run_checks(draft) if finding.is_error]
        if errors:
            raise ValidationError(
                [_("This article cannot be published until these are fixed:")] + errors,
                code="editorial",
            )
        return cleaned

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from wagtail.admin.forms import WagtailAdminPageForm

from .checks import Finding, draft_from_stream, run_checks


def is_approving(data) -> bool:
    """The editor approved the article in the review workflow, which publishes it."""
    return bool(
        data.get("action-workflow-action") and data.get("workflow-action-name") == "approve"
    )


def refusal_message(errors: list[Finding]) -> str:
    """What an editor reads when a check stops an article from going live."""
    return ngettext(
        "Not published: %(count)d editorial check reports an error, listed under Editorial checks.",
        "Not published: %(count)d editorial checks report errors, listed under Editorial checks.",
        len(errors),
    ) % {"count": len(errors)}


class ArticleForm(WagtailAdminPageForm):
    """Runs the editorial checks on what was submitted, for the checks panel to show.

    Publishing with an error is refused after the draft is saved (the editorial app's
    `before_publish_page` hook); an approval in the review workflow, which saves nothing
    when refused, is refused here with the findings.
    """

    editorial_findings: list[Finding] | None = None

    def clean(self):
        cleaned = super().clean()
        draft = draft_from_stream(
            cleaned.get("title", ""),
            cleaned.get("dek", ""),
            cleaned.get("body"),
            cleaned.get("featured_image"),
        )
        self.editorial_findings = run_checks(draft)
        errors = [finding for finding in self.editorial_findings if finding.is_error]
        if errors and is_approving(self.data):
            raise ValidationError(
                [refusal_message(errors)] + [finding.message for finding in errors],
                code="editorial",
            )
        return cleaned

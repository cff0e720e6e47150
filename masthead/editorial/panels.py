from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from .checks import Finding, draft_from_stream, run_checks


class EditorialChecksPanel(Panel):
    """The findings of every editorial check: on what was just submitted when the form
    comes back with errors, on the article as last saved otherwise."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Editorial checks"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "editorial/checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            findings = self.findings()
            context["errors"] = [f for f in (findings or []) if f.is_error]
            context["warnings"] = [f for f in (findings or []) if not f.is_error]
            context["is_checked"] = findings is not None
            return context

        def findings(self) -> list[Finding] | None:
            """None when there is nothing to check yet: a new article, never saved."""
            submitted = getattr(self.form, "editorial_findings", None)
            if submitted is not None:
                return submitted
            page = self.instance
            if page is None or not page.pk:
                return None
            return run_checks(
                draft_from_stream(page.title, page.dek, page.body, page.featured_image)
            )

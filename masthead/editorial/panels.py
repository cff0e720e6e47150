from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from .checks import draft_from_stream, run_checks


class EditorialChecksPanel(Panel):
    """The findings of every editorial check on the article as last saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Editorial checks"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "editorial/checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            findings = []
            if page is not None and page.pk:
                draft = draft_from_stream(page.title, page.dek, page.body, page.featured_image)
                findings = run_checks(draft)
            context["errors"] = [f for f in findings if f.is_error]
            context["warnings"] = [f for f in findings if not f.is_error]
            context["is_saved"] = bool(page is not None and page.pk)
            return context

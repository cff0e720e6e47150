from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, selectors, services
from .models import Comment

EXCERPT_LENGTH = 80
MAX_BADGE_COUNT = 99


def comment_excerpt(comment: Comment) -> str:
    """The comment's words: its author already has the Name column."""
    if not comment.body:
        return _("(rating only)")
    return Truncator(comment.body).chars(EXCERPT_LENGTH)


def pending_badge(label: str, pending: int) -> dict[str, str]:
    """The menu link's attributes for a count badge (menu.css) that keeps the label whole.

    Screen readers and the collapsed sidebar's tooltip get the count in words.
    """
    if not pending:
        return {}
    words = ngettext("%(label)s: %(count)d pending", "%(label)s: %(count)d pending", pending) % {
        "label": label,
        "count": pending,
    }
    shown = str(pending) if pending <= MAX_BADGE_COUNT else f"{MAX_BADGE_COUNT}+"
    return {"data-pending-count": shown, "aria-label": words, "title": words}


class CommentViewSet(SnippetViewSet):
    """The moderation queue: newest first, filtered by status, acted on in bulk."""

    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("body", label=_("Comment"), accessor=comment_excerpt),
        "article",
        "rating",
        "status",
        "created_at",
    ]
    list_filter = ["status"]
    list_per_page = 50
    ordering = ["-created_at"]
    search_fields = ["name", "body", "email"]
    search_backend_name = None
    panels = [FieldPanel("name"), FieldPanel("body")]
    index_template_name = "comments/admin/index.html"

    @property
    def menu_item_class(self):
        viewset_menu_item = super().menu_item_class

        class PendingCountMenuItem(viewset_menu_item):
            def render_component(self, request):
                return LinkMenuItem(
                    self.name,
                    self.label,
                    self.url,
                    icon_name=self.icon_name,
                    classname=self.classname,
                    attrs={**self.attrs, **pending_badge(self.label, selectors.pending_count())},
                )

        return PendingCountMenuItem


register_snippet(CommentViewSet)


class CommentStatusBulkAction(SnippetBulkAction):
    models = [Comment]
    template_name = "comments/admin/confirm_bulk_status.html"
    status = ""

    def check_perm(self, obj):
        return self.request.user.has_perm("comments.change_comment")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return services.comments_set_status(objects, cls.status), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment updated.", "%(count)d comments updated.", num_parent_objects
        ) % {"count": num_parent_objects}


@hooks.register("register_bulk_action")
class ApproveBulkAction(CommentStatusBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    status = Comment.Status.APPROVED
    action_priority = 10


@hooks.register("register_bulk_action")
class RejectBulkAction(CommentStatusBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    status = Comment.Status.REJECTED
    action_priority = 20


@hooks.register("register_bulk_action")
class SpamBulkAction(CommentStatusBulkAction):
    display_name = _("Mark as spam")
    action_type = "spam"
    aria_label = _("Mark the selected comments as spam")
    status = Comment.Status.SPAM
    action_priority = 25


@hooks.register("after_delete_snippet")
def recount_after_comment_delete(request, instances):
    """Comments deleted in the admin take their ratings with them; recount the totals."""
    comments = [instance for instance in instances if isinstance(instance, Comment)]
    if comments:
        services.feedback_refresh(comment.article_id for comment in comments)


@hooks.register("register_admin_urls")
def comment_admin_urls():
    return [
        path("ratings/", admin_views.ratings_overview, name="comments_ratings"),
        path("readers-data/", admin_views.reader_data, name="comments_reader_data"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def ratings_menu_item():
    return PermissionMenuItem(
        _("Ratings"),
        reverse("comments_ratings"),
        icon_name="pick",
        order=700,
        permission="wagtailadmin.access_admin",
    )


@hooks.register("register_settings_menu_item")
def reader_data_menu_item():
    return PermissionMenuItem(
        _("Readers' data"),
        reverse("comments_reader_data"),
        icon_name="user",
        order=900,
        permission=admin_views.READER_DATA_PERMISSION,
    )


@hooks.register("insert_global_admin_css")
def comment_menu_css():
    return format_html('<link rel="stylesheet" href="{}">', static("comments/admin/menu.css"))

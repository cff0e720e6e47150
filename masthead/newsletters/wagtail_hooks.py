from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from masthead.news.models import ArticlePage

from . import admin_views
from .models import Newsletter, Subscriber


def subscriber_count(newsletter: Newsletter) -> int:
    return newsletter.subscriptions.filter(subscriber__confirmed_at__isnull=False).count()


class NewsletterViewSet(SnippetViewSet):
    model = Newsletter
    icon = "mail"
    list_display = [
        "name",
        "kind",
        "language",
        "is_public",
        Column("subscribers", label=_("Confirmed subscribers"), accessor=subscriber_count),
    ]


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    list_display = ["email", "confirmed_at", "bounced_at", "created_at"]
    list_filter = ["confirmed_at", "bounced_at"]
    search_fields = ["email"]
    search_backend_name = None
    list_per_page = 50


class NewsletterGroup(SnippetViewSetGroup):
    items = (NewsletterViewSet, SubscriberViewSet)
    menu_icon = "mail"
    menu_label = _("Newsletters")
    menu_name = "newsletters"
    menu_order = 260


register_snippet(NewsletterGroup)


class SendToNewsletterMenuItem(ActionMenuItem):
    """In the article editor's action menu: Editors and Administrators only."""

    label = _("Send to a newsletter")
    name = "action-send-newsletter"
    icon_name = "mail"
    order = 60

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, ArticlePage)
            and context["request"].user.has_perm(admin_views.SEND_PERMISSION)
        )

    def get_url(self, parent_context):
        return reverse("newsletters_send_article", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def send_to_newsletter_menu_item():
    return SendToNewsletterMenuItem()


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    return [
        path("newsletters/sends/", admin_views.sends_index, name="newsletters_sends"),
        path(
            "newsletters/sends/<int:send_id>/cancel/",
            admin_views.send_cancel,
            name="newsletters_send_cancel",
        ),
        path(
            "newsletters/send/<int:page_id>/",
            admin_views.send_article,
            name="newsletters_send_article",
        ),
        path(
            "newsletters/<int:newsletter_id>/export/",
            admin_views.subscribers_export,
            name="newsletters_export",
        ),
        path(
            "newsletters/<int:newsletter_id>/import/",
            admin_views.subscribers_import,
            name="newsletters_import",
        ),
    ]


class SendsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.SEND_PERMISSION)


@hooks.register("register_reports_menu_item")
def sends_menu_item():
    return SendsMenuItem(
        _("Newsletter sends"), reverse("newsletters_sends"), icon_name="mail", order=710
    )


@hooks.register("masthead_reader_data")
def newsletter_reader_data():
    from . import services

    return ("newsletters", services.reader_data_export, services.reader_data_erase)

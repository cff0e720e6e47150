from django import template
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

import nh3

from masthead.comments.forms import CommentForm
from masthead.comments.selectors import article_discussion

register = template.Library()

COMMENT_LINK_REL = "nofollow ugc noopener"


@register.filter
def comment_text(text: str) -> SafeString:
    """A reader's plain text as HTML: escaped, paragraphs kept, bare URLs made links.

    The result goes through the sanitiser too, which allows only paragraphs, line breaks
    and http(s) links and sets the rel every reader-supplied link must carry.
    """
    html = linebreaks(urlize(escape(text), trim_url_limit=60, autoescape=False))
    cleaned = nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=COMMENT_LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


@register.inclusion_tag("comments/_discussion.html", takes_context=True)
def article_discussion_section(context, article) -> dict:
    """The rating summary, the approved comments and the form, under an article."""
    request = context["request"]
    reply_to = request.GET.get("reply_to")
    discussion = article_discussion(article.pk, request.GET.get("comments"))
    reply_target = None
    if reply_to and reply_to.isdigit():
        reply_target = next(
            (t.comment for t in discussion.threads if t.comment.pk == int(reply_to)), None
        )
    form = context.get("comment_form") or CommentForm.for_article(
        article, parent_id=reply_target.pk if reply_target else None, user=request.user
    )
    return {
        "request": request,
        "article": article,
        "discussion": discussion,
        "feedback": discussion.feedback,
        "form": form,
        "reply_target": reply_target,
        "error": context.get("comment_error"),
        "messages": context.get("messages"),
    }


@register.inclusion_tag("comments/_stars.html")
def stars(value: float | int | None, size: str = "") -> dict:
    """Five stars filled to `value` (drawn in CSS); hidden from screen readers, which get text.

    The fill is a class per 5 % (a quarter star), not a style attribute: the reader pages'
    Content-Security-Policy allows no inline style.
    """
    percent = 5 * round((value or 0) / 5 * 20)
    return {"percent": max(0, min(100, percent)), "size": size}

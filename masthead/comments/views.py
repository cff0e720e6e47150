"""The one public write endpoint: a reader posts a comment, a rating, or both.

Without JavaScript the form posts here and is redirected back to the article with a
message (or shown again with its errors); with JavaScript the same endpoint answers
JSON and the page updates in place.

Article pages are cached and shared between anonymous readers, so the form on them
carries nothing personal: no CSRF token and no time-trap token. The script fetches a
token for the reader when the form comes into view; a reader without JavaScript posts
without one and gets the form back, filled in, with a token, to send once more.
Anonymous posts are protected from cross-site forgery by their Origin (browsers always
send it with a POST); a signed-in editor's post is checked for a CSRF token as usual.
"""

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from masthead.news.models import ArticlePage
from masthead.resilience.breaker import Unavailable

from .forms import CommentForm, fresh_token
from .models import BODY_MAX_LENGTH
from .moderation import CommentModerator, CommentRefused, limits, read_form_token
from .readers import reader_from_request, remember_reader
from .selectors import (
    Commentable,
    article_feedback,
    commentable_article,
    site_comment_settings,
)
from .services import Outcome, Submission, submission_accept


def wants_json(request: HttpRequest) -> bool:
    return request.accepts("application/json") and not request.accepts("text/html")


def success_message(outcome: Outcome) -> str:
    if outcome.comment is None:
        return _("Thank you: your rating counts now.")
    if outcome.pending:
        return _("Thank you: your comment will appear once a moderator has read it.")
    return _("Thank you: your comment is published.")


def refused(request, article, form, message: str, status: int) -> HttpResponse:
    if wants_json(request):
        errors = (
            {field: [str(e) for e in errs] for field, errs in form.errors.items()}
            if form.errors
            else {}
        )
        return JsonResponse({"ok": False, "message": message, "errors": errors}, status=status)
    article = ArticlePage.objects.get(pk=article.pk)  # with its body, to show the page again
    context = {**article.get_context(request), "comment_form": form, "comment_error": message}
    return TemplateResponse(request, article.get_template(request), context, status=status)


def new_totals(request, article, outcome: Outcome, rating: int | None) -> dict:
    """What the page shows of the totals a post moved, for the script to show in place:
    the rating summary, the comment count and the reader's rating, now counted.

    A held comment moves nothing: the answer then carries nothing to read (no query).
    """
    if not (outcome.rating_counted or (outcome.comment and not outcome.pending)):
        return {"rating": None}
    feedback = article_feedback(article.pk)
    if outcome.comment is not None:
        rating = outcome.comment.rating  # the comment's own (a repeat: the first one sent)
    return {
        "rating": rating if outcome.rating_counted else None,
        "comment_count": feedback.comment_count,
        "summary": render_to_string(
            "comments/_rating_summary.html", {"feedback": feedback}, request
        ),
    }


def accepted(request, article, reader, outcome: Outcome, rating: int | None) -> HttpResponse:
    message = success_message(outcome)
    if wants_json(request):
        comment_html = ""
        if outcome.comment is not None and not outcome.pending:
            comment_html = render_to_string(
                "comments/_comment.html", {"comment": outcome.comment}, request
            )
        payload = {
            "ok": True,
            "message": message,
            "pending": outcome.pending,
            "html": comment_html,
            "token": fresh_token(article.pk),
            **new_totals(request, article, outcome, rating),
        }
        return remember_reader(JsonResponse(payload, status=201), reader)
    messages.success(request, message)
    response = redirect(article.get_url(request) + "#comments")
    response.status_code = 303  # See Other: the browser follows with a GET
    return remember_reader(response, reader)


def article_or_404(article_id: int) -> Commentable:
    commentable = commentable_article(article_id)
    if commentable is None:
        raise Http404(_("This article is not public."))
    return commentable


@require_GET
def comment_token(request: HttpRequest, article_id: int) -> JsonResponse:
    """A token for one reader's next submission; never cached by anyone."""
    article = article_or_404(article_id).article
    response = JsonResponse({"token": fresh_token(article.pk)})
    patch_cache_control(response, private=True, no_store=True)
    return response


def same_origin(request: HttpRequest) -> bool:
    """The post comes from a page of this site, or from a client that is not a browser."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return True  # not a browser: there is no visitor's identity to borrow
    return source != "null" and url_has_allowed_host_and_scheme(
        source, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def unreadable_body(request: HttpRequest) -> CommentRefused | None:
    """Why the posted body cannot be read, if it cannot: past DATA_UPLOAD_MAX_MEMORY_SIZE
    or DATA_UPLOAD_MAX_NUMBER_FIELDS, Django raises when the form is first read, and its
    answer is a bare "Bad Request". Asked first, before the CSRF check reads the form too,
    so the reader gets the form back with a message instead."""
    try:
        request.POST  # noqa: B018 - reading it is the check
    except RequestDataTooBig:
        message = _("Your comment is too long to send: a comment has at most %(limit)d characters.")
        return CommentRefused(message % {"limit": BODY_MAX_LENGTH}, status=413)
    except TooManyFieldsSent:
        return CommentRefused(_("This form was sent with too many fields."), status=400)
    return None


def body_refused(request: HttpRequest, article_id: int, refusal: CommentRefused) -> HttpResponse:
    article = article_or_404(article_id).article
    form = CommentForm.for_article(article, user=request.user)
    return refused(request, article, form, refusal.message, refusal.status)


@csrf_exempt
@require_POST
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    if refusal := unreadable_body(request):
        return body_refused(request, article_id, refusal)
    if request.user.is_authenticated:
        return csrf_protect(comment_submit)(request, article_id)
    if not same_origin(request):
        return HttpResponseForbidden(_("Comments can only be sent from this site's pages."))
    return comment_submit(request, article_id)


def with_retry_after(response: HttpResponse, refusal: CommentRefused) -> HttpResponse:
    """A 429 says when to come back: the budget's window, the longest a spent budget lasts."""
    if refusal.status == 429:
        response["Retry-After"] = str(limits().window)
    return response


def posted_form(request: HttpRequest, article_id: int) -> tuple[CommentForm, bool]:
    """The form as posted, and whether it came without a token (a reader without
    JavaScript), in which case it carries a fresh one, to be sent once more."""
    if request.POST.get("token"):
        return CommentForm(request.POST), False
    posted = request.POST.copy()
    posted["token"] = fresh_token(article_id)
    return CommentForm(posted), True


def submission_from(data: dict, article_id: int) -> Submission:
    token = read_form_token(data["token"], article_id)
    return Submission(
        name=data["name"],
        email=data["email"],
        body=data["body"],
        rating=data["rating"],
        parent_id=data["parent"],
        submission_id=token.nonce,
        honeypot=data["website"],
    )


def comment_submit(request: HttpRequest, article_id: int) -> HttpResponse:
    commentable = article_or_404(article_id)
    article = commentable.article
    form, token_missing = posted_form(request, article.pk)
    reader = reader_from_request(request)
    if not form.is_valid():
        return refused(request, article, form, _("Please correct the errors below."), 400)
    if token_missing:
        message = _("Almost done: check your comment below and press Send again.")
        return refused(request, article, form, message, 400)
    try:
        outcome = submission_accept(
            article=article,
            submission=submission_from(form.cleaned_data, article.pk),
            reader=reader,
            moderator=CommentModerator(site_comment_settings(commentable.site_id)),
        )
    except CommentRefused as refusal:
        if refusal.field:
            form.add_error(refusal.field, refusal.message)
        response = refused(request, article, form, refusal.message, refusal.status)
        return with_retry_after(response, refusal)
    except Unavailable as outage:  # Redis: the post was rolled back, not half-stored
        message = _(
            "What you sent could not be saved just now, and nothing was stored. "
            "Please send it again in a minute."
        )
        response = refused(request, article, form, message, 503)
        response["Retry-After"] = str(max(int(outage.retry_after + 0.999), 1))
        return response
    return accepted(request, article, reader, outcome, form.cleaned_data["rating"])

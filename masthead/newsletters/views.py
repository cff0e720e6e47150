"""Reader pages: sign up, confirm, choose one's lists, leave, and each list's archive.

The sign-up form sits on cached pages, so it carries no token: it posts here with
nothing personal, protected by its Origin as the comment form is, and double opt-in
does the rest. Pages behind a signed link are private and never cached; their link is
the proof, so they take POSTs without a CSRF token (a mail client's one-click
unsubscribe, RFC 8058, has none).
"""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masthead.comments.readers import address_hash
from masthead.comments.views import same_origin, wants_json
from masthead.pagecache.dependencies import depends_on

from . import links, selectors, services
from .forms import PreferencesForm, SignupForm
from .models import Newsletter

CHECK_INBOX = gettext_lazy(
    "Thank you. If this address can receive our newsletters, a message is on its way to "
    "it: open the link inside to confirm."
)


def private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return private(TemplateResponse(request, template, context, status=status))


@require_GET
def signup_page(request: HttpRequest) -> HttpResponse:
    depends_on(request)  # cached like every reader page: newsletters change the site
    newsletters = list(selectors.public_newsletters())
    return TemplateResponse(request, "newsletters/signup_page.html", {"newsletters": newsletters})


def signup_answer(request, message: str, *, ok: bool, status: int, form=None) -> HttpResponse:
    if wants_json(request):
        return private(JsonResponse({"ok": ok, "message": message}, status=status))
    context = {
        "newsletters": list(selectors.public_newsletters()),
        "message": message,
        "ok": ok,
        "form": form,
    }
    return page(request, "newsletters/signup_page.html", context, status)


@csrf_exempt
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    if not same_origin(request):
        return signup_answer(request, _("Sign up from this site's pages."), ok=False, status=403)
    form = SignupForm(request.POST, newsletters=selectors.public_newsletters())
    if not form.is_valid():
        message = _("Please check the form: %(errors)s") % {
            "errors": " ".join(e for errors in form.errors.values() for e in errors)
        }
        return signup_answer(request, message, ok=False, status=400, form=form)
    try:
        services.signup_request(
            email=form.cleaned_data["email"],
            newsletter_ids=form.cleaned_data["newsletter"],
            address_hash=address_hash(request.META.get("REMOTE_ADDR", "")),
            honeypot=form.cleaned_data["website"],
        )
    except services.SignupRefused as refusal:
        return signup_answer(request, refusal.message, ok=False, status=refusal.status, form=form)
    return signup_answer(request, str(CHECK_INBOX), ok=True, status=200)


def bad_link(request: HttpRequest) -> HttpResponse:
    context = {
        "title": _("This link does not work"),
        "message": _(
            "It may have been cut or changed on the way, or it has expired. Sign up again "
            "from any page of the site, or use the link in a newer message."
        ),
    }
    return page(request, "newsletters/message.html", context, status=400)


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber, newsletters = services.subscription_confirm(token)
    except links.BadLink:
        return bad_link(request)
    context = {
        "title": _("Subscription confirmed"),
        "newsletters": newsletters,
        "preferences_url": links.preferences_url(subscriber),
    }
    return page(request, "newsletters/confirmed.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber, _newsletter = services.subscriber_from_manage_link(token)
    except links.BadLink:
        return bad_link(request)
    newsletters = list(selectors.public_newsletters())
    form = PreferencesForm(request.POST or None, newsletters=newsletters)
    saved = False
    if request.method == "POST":
        if "leave" in request.POST:
            services.unsubscribe(subscriber=subscriber, newsletter=None)
            saved = True
        elif form.is_valid():
            services.preferences_update(
                subscriber=subscriber, newsletter_ids=form.cleaned_data["newsletter"]
            )
            saved = True
    chosen = set(subscriber.subscriptions.values_list("newsletter_id", flat=True))
    context = {
        "subscriber": subscriber,
        "newsletters": newsletters,
        "chosen": chosen,
        "saved": saved,
        "form": form,
    }
    return page(
        request,
        "newsletters/preferences.html",
        context,
        200 if form.is_bound is False or saved else 400,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a link scanner must not unsubscribe anyone); POST leaves the list."""
    try:
        subscriber, newsletter = services.subscriber_from_manage_link(token)
    except links.BadLink:
        return bad_link(request)
    left = None
    if request.method == "POST":
        left = services.unsubscribe(subscriber=subscriber, newsletter=newsletter)
    context = {
        "newsletter": newsletter,
        "done": request.method == "POST",
        "left": left,
        "preferences_url": links.preferences_url(subscriber),
    }
    return page(request, "newsletters/unsubscribe.html", context)


@csrf_exempt
def unsubscribe_without_token(request: HttpRequest) -> HttpResponse:
    context = {
        "title": _("This unsubscribe link is incomplete"),
        "message": _(
            "Use the whole link from the newsletter's message, or the “Your newsletters” "
            "link at its end."
        ),
    }
    return page(request, "newsletters/message.html", context, status=400)


@require_GET
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    depends_on(request, selectors.archive_dependency(slug))
    newsletter = get_object_or_404(Newsletter, slug=slug, is_public=True)
    context = {"newsletter": newsletter, "sends": selectors.archived_sends(newsletter)[:200]}
    return TemplateResponse(request, "newsletters/archive.html", context)


@require_GET
def archive_issue(request: HttpRequest, slug: str, send_id: int) -> HttpResponse:
    depends_on(request, selectors.archive_dependency(slug))
    newsletter = get_object_or_404(Newsletter, slug=slug, is_public=True)
    send = selectors.archived_sends(newsletter).filter(pk=send_id).first()
    if send is None:
        raise Http404(_("No such issue."))
    text = send.text.split("\n--\n", 1)[0]  # without the subscriber's own links
    context = {"newsletter": newsletter, "send": send, "text": text}
    return TemplateResponse(request, "newsletters/issue.html", context)

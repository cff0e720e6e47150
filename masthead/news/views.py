"""Listing pages that are not pages in the tree: tags, authors, months and search."""

import calendar
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from taggit.models import Tag

from masthead.pagecache import dependencies
from masthead.pagecache.dependencies import depends_on

from . import selectors
from .models import Author
from .search.forms import SearchForm
from .search.results import result_page, search_articles


def listing(request: HttpRequest, template: str, queryset, **context) -> HttpResponse:
    articles = selectors.paginate(queryset, request.GET.get("page"))
    context.update(articles=articles, teasers=selectors.teasers(articles))
    return TemplateResponse(request, template, context)


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    depends_on(request, dependencies.topic(tag.slug))
    return listing(request, "news/tag_page.html", selectors.tag_articles(tag), tag=tag)


def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    depends_on(request, dependencies.author(author.pk))
    return listing(
        request, "news/author_page.html", selectors.author_articles(author), author=author
    )


def archive_index(request: HttpRequest) -> HttpResponse:
    depends_on(request, dependencies.ARTICLES)
    return TemplateResponse(
        request, "news/archive_index.html", {"months": selectors.archive_months()}
    )


def archive_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        raise Http404(_("There is no such month."))
    first_day = date(year, month, 1)
    depends_on(request, dependencies.ARTICLES)
    return listing(
        request,
        "news/archive_month.html",
        selectors.month_articles(year, month),
        month=first_day,
        last_day=date(year, month, calendar.monthrange(year, month)[1]),
    )


def search_page(request: HttpRequest) -> HttpResponse:
    depends_on(request, dependencies.ARTICLES)
    form = SearchForm(request.GET or None)
    context = {"form": form, "sections": selectors.sections_in_menu()}
    if not form.is_bound:
        return TemplateResponse(request, "news/search.html", context)
    if not form.is_valid():
        return TemplateResponse(request, "news/search.html", context, status=400)
    query = form.query()
    context["query"] = query
    if query:
        data = form.cleaned_data
        results = search_articles(
            query, section=data.get("section"), start=data.get("start"), end=data.get("end")
        )
        context.update(result_page(results, query, request.GET.get("page")))
    return TemplateResponse(request, "news/search.html", context)

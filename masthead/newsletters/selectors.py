from django.db.models import QuerySet

from .models import Newsletter, Send


def public_newsletters() -> QuerySet[Newsletter]:
    return Newsletter.objects.filter(is_public=True).order_by("pk")


def archived_sends(newsletter: Newsletter) -> QuerySet[Send]:
    return newsletter.sends.filter(status=Send.Status.DONE).order_by("-send_at")


def archive_dependency(slug: str) -> str:
    """The page-cache dependency of a list's archive pages."""
    return f"newsletter:{slug}"

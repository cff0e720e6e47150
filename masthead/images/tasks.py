"""Background work: renditions made after an upload, run by a worker when TASKS says so."""

from django_tasks import task

from .renditions import prepare_renditions


@task()
def prepare_image_renditions(image_id: int) -> int:
    """Make the renditions an uploaded image needs before any reader asks; return the count."""
    from .models import NewsImage

    image = NewsImage.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return prepare_renditions(image)

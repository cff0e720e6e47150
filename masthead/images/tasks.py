"""Background work: renditions made after an upload, run by a worker when TASKS says so."""

import logging

from django_tasks import task

from .renditions import prepare_renditions

logger = logging.getLogger(__name__)


@task()
def prepare_image_renditions(image_id: int) -> int:
    """Make the renditions an uploaded image needs before any reader asks; return the count."""
    from .models import NewsImage

    image = NewsImage.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    try:
        return prepare_renditions(image)
    except OSError:  # a damaged original stored by code (the admin refuses them): no 500
        logger.warning(
            "No renditions for image %s: its file cannot be read", image_id, exc_info=True
        )
        return 0

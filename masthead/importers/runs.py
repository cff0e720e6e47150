"""Imports started from the admin: the upload kept, the import run in the background.

The configured task backend runs it when it has workers; the default one runs tasks in
the request, so the run then gets a thread of its own and the page can show progress.
"""

import json
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.utils.text import get_valid_filename

from django_tasks import task

from .models import ImportRun
from .services import ImportOptions, import_path
from .sources import estimate_items

IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


def uploads_folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_create(*, upload: UploadedFile, user, publish: bool = False) -> ImportRun:
    """Keep the uploaded file and record the run that will import it."""
    target = uploads_folder() / f"{uuid.uuid4().hex}-{get_valid_filename(upload.name)[-100:]}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return ImportRun.objects.create(
        file_name=upload.name[:255], file_path=str(target), started_by=user, publish=publish
    )


def run_start(run: ImportRun) -> None:
    if settings.TASKS["default"]["BACKEND"] == IMMEDIATE and settings.MASTHEAD_IMPORT_IN_THREAD:
        threading.Thread(target=run_in_thread, args=(run.pk,), daemon=True).start()
    else:
        run_import.enqueue(run.pk)


def run_in_thread(run_id: int) -> None:
    try:
        run_execute(run_id)
    finally:
        connection.close()


@task()
def run_import(run_id: int) -> None:
    run_execute(run_id)


def run_execute(run_id: int) -> ImportRun:
    """Import the run's file, moving its progress as items are done, and keep the report."""
    run = ImportRun.objects.get(pk=run_id)
    path = Path(run.file_path)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING, total=estimate_items(path)
    )

    def progress(done: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(done=done)

    try:
        report = import_path(path, options=ImportOptions(publish=run.publish), progress=progress)
    finally:
        path.unlink(missing_ok=True)
    report.source = run.file_name
    status = ImportRun.Status.FAILED if report.error else ImportRun.Status.DONE
    report_data = json.loads(report.to_json())
    done = len(report.items)
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, report=report_data, done=done, total=max(done, 1)
    )
    run.refresh_from_db()
    return run

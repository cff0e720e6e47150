"""A worker's memory while it makes renditions: four threads ask at once for every shape
(AVIF, WebP, JPEG) of four 12-megapixel photos, as readers of pages nobody has opened
since an upload would. Each way is measured in a fresh process, in the same run:

- Masthead's: one rendition at a time per process (`RENDITION_LOCK`), and large blocks
  handed back to the kernel when freed (`MASTHEAD_IMAGES_MMAP_THRESHOLD`);
- one rendition at a time, glibc's own threshold;
- Wagtail's own: all at once, glibc's own threshold.

It prints the peak resident memory (VmHWM), the resident memory after, the wall and
CPU time. `make bench-renditions` (or `python -m bench.renditions`).
"""

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PHOTOS, THREADS = 4, 4
PHOTO_SIZE = (4032, 3024)  # a phone's 12 MP
MODES = {
    "masthead": "Masthead's (one at a time, freed)",
    "serial": "one at a time",
    "parallel": "all at once (Wagtail's own)",
}


def memory_mb(field: str) -> float:
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith(field))
    return int(line.split()[1]) / 1024


def photo(seed: int) -> bytes:
    """A photo-like JPEG: noise softened by a blur, so encoders work as hard as on a photo."""
    from PIL import Image, ImageFilter

    grain = Image.effect_noise((PHOTO_SIZE[0] // 4, PHOTO_SIZE[1] // 4), 30 + seed)
    picture = Image.merge("RGB", [grain, grain.rotate(90 * seed), grain.transpose(0)])
    picture = picture.resize(PHOTO_SIZE).filter(ImageFilter.GaussianBlur(3))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def setup(directory: str) -> dict:
    env = {
        **os.environ,
        "MASTHEAD_DATA_DIR": directory,
        "DJANGO_SETTINGS_MODULE": "masthead.settings.dev",
        "MASTHEAD_IMAGES_PREPARE_ON_UPLOAD": "0",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from masthead.images.models import NewsImage

    for seed in range(PHOTOS):
        NewsImage.objects.create(
            title=f"photo {seed}", file=ContentFile(photo(seed), f"p{seed}.jpg")
        )
    return env


def make_renditions(mode: str) -> None:
    """In a fresh process: every shape of every photo, THREADS threads at once."""
    import django

    django.setup()
    from masthead.images import models
    from masthead.images.renditions import SHAPES

    if mode == "parallel":
        models.RENDITION_LOCK = contextlib.nullcontext()
    specs = [spec for shape in SHAPES.values() for spec in shape.all_specs()]
    images = list(models.NewsImage.objects.all())
    models.NewsRendition.objects.all().delete()
    before, wall, cpu = memory_mb("VmRSS"), time.monotonic(), time.process_time()
    with ThreadPoolExecutor(THREADS) as pool:
        made = sum(len(r) for r in pool.map(lambda image: image.get_renditions(*specs), images))
    print(
        f"  {MODES[mode]:<34} {made} renditions  peak {memory_mb('VmHWM'):>4.0f} MB  "
        f"after {memory_mb('VmRSS'):>4.0f} MB (before {before:.0f})  "
        f"wall {time.monotonic() - wall:>5.1f} s  CPU {time.process_time() - cpu:>5.1f} s"
    )


def main() -> None:
    directory = tempfile.mkdtemp(prefix="masthead-renditions-")
    try:
        env = setup(directory)
        print(
            f"== Renditions: {THREADS} threads, {PHOTOS} photos of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]}, "
            f"every shape in AVIF, WebP and JPEG; load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        for mode in MODES:
            command = [sys.executable, "-m", "bench.renditions", mode]
            threshold = {} if mode == "masthead" else {"MASTHEAD_IMAGES_MMAP_THRESHOLD": "0"}
            subprocess.run(command, env={**env, **threshold}, check=True)  # noqa: S603
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        make_renditions(sys.argv[1])
    else:
        main()

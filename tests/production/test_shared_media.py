"""Two app servers share uploaded media on an S3-compatible object store (issue 15, item 5).

moto's S3 server on 127.0.0.1 stands in for the store. Two `masthead serve` processes,
each with its own data directory, share one PostgreSQL database and one Redis: an image
uploaded in the first's admin appears, with its renditions, on the pages the second serves,
and neither keeps a media file on its own disk. Runs where DATABASE_URL and REDIS_URL are
set (`make test-postgres`, CI): SQLite lives in one data directory and cannot be shared.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from .admin_client import AdminClient
from .stack import (
    MASTHEAD,
    fetch,
    fetch_bytes,
    free_port,
    production_env,
    stop,
    throwaway_postgres,
    wait_until_up,
)

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
        reason="two app servers share PostgreSQL and Redis: `make test-postgres` runs this",
    ),
]

MOTO_SERVER = Path(sys.executable).with_name("moto_server")
BUCKET = "masthead-media"
ARTICLE = "/world/asean-us-dialogue-siem-reap-2025/"
# Readers' browsers fetch the media straight from the bucket (no CDN in this test).
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
EDITOR = """
from masthead.users.models import User
User.objects.create_superuser("editor", "editor@example.org", "{password}")
"""
FEATURE = """
from masthead.images.models import NewsImage
from masthead.news.models import ArticlePage
image = NewsImage.objects.get(title="Delegates")
article = ArticlePage.objects.get(slug="asean-us-dialogue-siem-reap-2025")
article.featured_image = image
article.save_revision().publish()
print(image.file.name)
"""


@contextmanager
def s3_server(directory: Path):
    """moto's S3 server on a free port of 127.0.0.1, with an empty bucket."""
    import boto3

    port = free_port()
    with (directory / "moto.log").open("w") as log:
        process = subprocess.Popen(
            [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/", process)
        client = boto3.client(
            "s3",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - moto's
        )
        client.create_bucket(Bucket=BUCKET)
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        yield url, client
    finally:
        stop(process)


def app_env(directory: Path, database_url: str, s3_url: str, secret: str) -> dict:
    env = production_env(directory, free_port(), database_url)
    env.pop("MASTHEAD_NGINX_CACHE_DIR")
    env.update(
        SECRET_KEY=secret,
        MASTHEAD_MEDIA_STORAGE=f"s3://{BUCKET}/site",
        MASTHEAD_MEDIA_URL=f"{s3_url}/{BUCKET}/site/",
        AWS_S3_ENDPOINT_URL=s3_url,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106 - moto's
    )
    return env


def masthead(env: dict, *args: str) -> str:
    return subprocess.run(
        [str(MASTHEAD), *args], env=env, check=True, capture_output=True, text=True
    ).stdout


@contextmanager
def serving(env: dict, directory: Path):
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [str(MASTHEAD), "serve", "--port", env["PORT"], "--workers", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{env['PORT']}"
    try:
        wait_until_up(url + "/robots.txt", process)
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def two_servers():
    directory = Path(tempfile.mkdtemp(prefix="masthead-shared-media-"))
    secret = secrets.token_urlsafe(50)
    try:
        yield from servers_sharing_media(directory, secret)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def servers_sharing_media(directory: Path, secret: str):
    with (
        throwaway_postgres(os.environ["DATABASE_URL"]) as database_url,
        s3_server(directory) as (s3_url, client),
    ):
        first = app_env(directory / "first", database_url, s3_url, secret)
        second = app_env(directory / "second", database_url, s3_url, secret)
        masthead(first, "migrate", "--noinput")
        masthead(first, "load_demo")
        password = secrets.token_urlsafe(16)
        masthead(first, "shell", "-c", EDITOR.format(password=password))
        with (
            serving(first, directory / "first") as first_url,
            serving(second, directory / "second") as second_url,
        ):
            original = upload_through_the_admin(first_url, password, first)
            yield {
                "directory": directory,
                "client": client,
                "media_url": first["MASTHEAD_MEDIA_URL"],
                "original": original,
                "first": (first, first_url),
                "second": (second, second_url),
            }


def upload_through_the_admin(server_url: str, password: str, env: dict) -> str:
    """An editor uploads a picture in the first server's admin; it then leads the article."""
    picture = BytesIO()
    Image.new("RGB", (1600, 900), (20, 90, 160)).save(picture, "JPEG")
    editor = AdminClient(server_url)
    editor.sign_in("editor", password)
    editor.upload_image("Delegates", "Delegates at the table", "delegates.jpg", picture.getvalue())
    return masthead(env, "shell", "-c", FEATURE).split()[-1]


def media_on_page(html: str, media_url: str) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    found = [img["src"] for img in page.select("img[src]")]
    for source in page.select("source[srcset], img[srcset]"):
        found += [entry.split()[0] for entry in source["srcset"].split(",")]
    return [url for url in found if url.startswith(media_url)]


def test_an_image_uploaded_through_one_server_is_served_with_renditions_by_the_other(two_servers):
    second_url = two_servers["second"][1]
    media_url, client = two_servers["media_url"], two_servers["client"]

    status, headers, html = fetch(second_url + ARTICLE)
    assert status == 200
    renditions = media_on_page(html, media_url)
    assert renditions, "the article served by the second server shows no uploaded image"
    for url in renditions:
        status, image_headers, body = fetch_bytes(url)
        assert status == 200, url
        assert image_headers["Content-Type"].startswith("image/")
        assert Image.open(BytesIO(body)).width <= 1600
    assert media_url.split("/" + BUCKET)[0] in headers["Content-Security-Policy"]

    keys = {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert f"site/{two_servers['original']}" in keys
    assert any(key.startswith("site/images/") for key in keys), keys


def test_both_servers_show_the_same_renditions_and_keep_no_media_on_disk(two_servers):
    first_url, second_url = two_servers["first"][1], two_servers["second"][1]
    media_url = two_servers["media_url"]
    from_first = media_on_page(fetch(first_url + ARTICLE)[2], media_url)
    from_second = media_on_page(fetch(second_url + ARTICLE)[2], media_url)
    assert from_first and from_first == from_second
    for name in ("first", "second"):
        assert not (two_servers["directory"] / name / "data" / "media").exists()

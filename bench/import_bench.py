"""`make bench-import`: extraction quality (bench/import_eval.py), then a large WXR import.

The WXR holds BENCH_IMPORT_POSTS posts (default 10,000) and BENCH_IMPORT_COMMENTS comments
(default 50,000), generated here. It is imported by `masthead import` into a throw-away
SQLite site; the run prints the time, items/s and the import process's peak memory
(its own rusage, read with os.wait4). Then bench/import_redirects.py measures the
imported site's old addresses against its cached pages.
"""

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import import_eval
from bench.import_pages import sentence

BIN = Path(sys.executable).parent
MASTHEAD = str(BIN / "masthead")
HOME_SCRIPT = (
    "from wagtail.models import Page, Site; from masthead.news.models import HomePage;"
    "Page.objects.filter(depth=2).delete();"
    "home = Page.get_first_root_node().add_child(instance=HomePage(title='Front page', slug='home'));"
    "Site.objects.create(hostname='localhost', root_page=home, is_default_site=True)"
)
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Bench</title><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>desk</wp:author_login><wp:author_display_name>The desk</wp:author_display_name></wp:author>
"""


def comment_xml(rng: random.Random, number: int) -> str:
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id><wp:comment_author>Reader {number}</wp:comment_author>"
        f"<wp:comment_date_gmt>2024-03-0{1 + number % 9} 10:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{sentence(rng)}]]></wp:comment_content>"
        f"<wp:comment_approved>{1 if number % 4 else 0}</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>"
    )


def post_xml(rng: random.Random, number: int, comments: int) -> str:
    body = "".join(f"<p>{' '.join(sentence(rng) for _ in range(3))}</p>" for _ in range(6))
    replies = "".join(comment_xml(rng, number * 100 + index) for index in range(comments))
    return (
        f"<item><title>Story {number}: {sentence(rng)[:80]}</title><link>https://old.example/{number}/</link>"
        f"<dc:creator>desk</dc:creator><guid>https://old.example/?p={number}</guid>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[{sentence(rng)}]]></excerpt:encoded>"
        f"<wp:post_id>{number}</wp:post_id><wp:post_date_gmt>2024-02-01 08:00:00</wp:post_date_gmt>"
        f"<wp:post_name>story-{number}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        f'<category domain="category" nicename="s{number % 8}">Section {number % 8}</category>'
        f'<category domain="post_tag" nicename="t{number % 40}">Topic {number % 40}</category>{replies}</item>\n'
    )


def write_wxr(target: Path, posts: int, comments: int) -> None:
    rng = random.Random(10)
    per_post, extra = divmod(comments, posts)
    with target.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for number in range(1, posts + 1):
            out.write(post_xml(rng, number, per_post + (1 if number <= extra else 0)))
        out.write("</channel></rss>\n")


def run_measured(command: list[str], env: dict) -> tuple[float, float, int]:
    """Seconds taken, CPU seconds used and peak resident memory (MB) of one child process.

    The CPU time does not depend on what else the machine is running; the wall time does.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{command[1]} failed ({process.returncode})")
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, usage.ru_maxrss // 1024


def scale(posts: int, comments: int) -> None:
    with tempfile.TemporaryDirectory(prefix="masthead-bench-import-") as directory:
        folder = Path(directory)
        env = {
            **os.environ,
            "MASTHEAD_DATA_DIR": str(folder / "data"),
            "DJANGO_SETTINGS_MODULE": "masthead.settings.dev",
        }
        wxr = folder / "bench.xml"
        write_wxr(wxr, posts, comments)
        subprocess.run([MASTHEAD, "migrate", "--noinput", "-v", "0"], env=env, check=True)  # noqa: S603
        subprocess.run([MASTHEAD, "shell", "-c", HOME_SCRIPT], env=env, check=True)  # noqa: S603
        size = wxr.stat().st_size / 1024**2
        seconds, cpu, peak = run_measured(
            [MASTHEAD, "import", str(wxr), "--publish", "--report", str(folder / "r.json")], env
        )
        print(
            f"WXR import: {posts} posts, {comments} comments ({size:.0f} MB) in {seconds:.1f} s"
            f" ({cpu:.1f} s of CPU)"
        )
        print(
            f"  {posts / seconds:.1f} posts/s ({(posts + comments) / seconds:.0f} items/s with the comments),"
            f" peak memory {peak} MB (targets: 10,000 posts under 300 s, under 300 MB)"
        )
        # The imported site's old addresses, in the same throw-away site.
        subprocess.run([sys.executable, "-m", "bench.import_redirects"], env=env, check=True)  # noqa: S603


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.dev")
    django.setup()
    import_eval.main()
    posts = int(os.environ.get("BENCH_IMPORT_POSTS", "10000"))
    scale(posts, int(os.environ.get("BENCH_IMPORT_COMMENTS", str(posts * 5))))


if __name__ == "__main__":
    main()

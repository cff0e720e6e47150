"""The bytes of the first screen: what a phone fetches before the reader scrolls.

HTML, CSS and JS gzip-compressed at level 6 (as the page cache stores pages), plus the
eager pictures (lazy ones wait for a scroll) at the width and format the phone of
Lighthouse's mobile preset picks: 412 CSS pixels at a device pixel ratio of 1.75, AVIF.
`make bench` prints it for the lead article and the front page; run alone with the
benchmark's environment:

    DJANGO_SETTINGS_MODULE=masthead.settings.dev python -m bench.first_screen
"""

import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

PHONE_WIDTH, PHONE_DPR = 412, 1.75
REM = 16
LENGTH = re.compile(r"calc\(100vw - ([\d.]+)rem\)|([\d.]+)(rem|px|vw)")
CONDITION = re.compile(r"\(min-width:\s*([\d.]+)rem\)\s*(.+)")


def css_pixels(length: str, viewport: int = PHONE_WIDTH) -> float:
    """A `sizes` length as the browser reads it: rem, px, vw or calc(100vw - N rem)."""
    match = LENGTH.search(length)
    if match is None:
        return viewport
    if match.group(1):
        return viewport - float(match.group(1)) * REM
    number, unit = float(match.group(2)), match.group(3)
    return {"rem": number * REM, "px": number, "vw": viewport * number / 100}[unit]


def slot_width(sizes: str, viewport: int = PHONE_WIDTH) -> float:
    """The width the first matching entry of `sizes` gives the picture, in CSS pixels."""
    for entry in (part.strip() for part in sizes.split(",")):
        condition = CONDITION.match(entry)
        if condition is None:
            return css_pixels(entry, viewport)
        if viewport >= float(condition.group(1)) * REM:
            return css_pixels(condition.group(2), viewport)
    return viewport


def chosen_candidate(srcset: str, sizes: str) -> str:
    """The srcset candidate a phone takes: the narrowest that covers its device pixels."""
    needed = slot_width(sizes) * PHONE_DPR
    candidates = sorted(
        (int(width.rstrip("w")), url)
        for url, width in (candidate.split() for candidate in srcset.split(", "))
    )
    return next((url for width, url in candidates if width >= needed), candidates[-1][1])


@dataclass
class FirstScreenParser(HTMLParser):
    stylesheets: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    in_picture: bool = False
    first_source: dict | None = None

    def __post_init__(self):
        super().__init__()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])
        elif tag == "picture":
            self.in_picture, self.first_source = True, None
        elif tag == "source" and self.in_picture and self.first_source is None:
            self.first_source = attributes  # AVIF: the first format the phone reads
        elif tag == "img" and attributes.get("loading") != "lazy":
            picked = self.first_source or attributes
            if picked.get("srcset"):
                self.images.append(chosen_candidate(picked["srcset"], picked.get("sizes", "")))
            else:
                self.images.append(attributes["src"])

    def handle_endtag(self, tag):
        if tag == "picture":
            self.in_picture = False


@dataclass(frozen=True)
class FirstScreen:
    html: int
    css_js: int
    images: dict[str, int]

    @property
    def text(self) -> int:
        return self.html + self.css_js

    @property
    def total(self) -> int:
        return self.text + sum(self.images.values())


def gzipped(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6, mtime=0))


def first_screen(html: bytes, fetch: Callable[[str], bytes]) -> FirstScreen:
    """Weigh a page's first screen; `fetch(url)` returns the bytes of one of its resources."""
    parser = FirstScreenParser()
    parser.feed(html.decode())
    css_js = sum(gzipped(fetch(url)) for url in parser.stylesheets + parser.scripts)
    images = {url: len(fetch(url)) for url in parser.images}
    return FirstScreen(gzipped(html), css_js, images)


def client_fetch(client) -> Callable[[str], bytes]:
    def fetch(url: str) -> bytes:
        response = client.get(url)
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content

    return fetch


def main() -> None:
    from django.conf import settings
    from django.test import Client

    from masthead.news.models import HomePage

    settings.ALLOWED_HOSTS = ["testserver"]
    fetch = client_fetch(Client())
    lead = HomePage.objects.get().lead_article
    print("== First screen on a phone (412 px, DPR 1.75): HTML+CSS+JS gzip -6, eager pictures")
    for label, url in (("lead article", lead.url), ("front page", "/")):
        weight = first_screen(fetch(url), fetch)
        print(
            f"  {label:<14} HTML {weight.html:>6} B  CSS+JS {weight.css_js:>6} B  "
            f"pictures {sum(weight.images.values()):>6} B ({len(weight.images)})  "
            f"total {weight.total:>6} B"
        )


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    django.setup()
    main()

"""Draw the default social image shipped as masthead/static/social-default.png.

Run once by hand (`.venv/bin/python bench/social_image.py`), never at request time: the
PNG is committed. It is what link previews show for a page with no picture of its own:
the wordmark of logo.png (a lettered badge and the name in DejaVu Serif Bold) on the
site's accent blue, at the 1200x630 size social networks crop to.
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
ACCENT = "#0b4a7d"  # --accent in css/masthead.css
ACCENT_DARK = "#062f52"  # --accent-dark
PAPER = "#ffffff"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
OUTPUT = Path(__file__).resolve().parents[1] / "masthead" / "static" / "social-default.png"


def badge(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], letter: str) -> None:
    """The rounded square with the name's first letter, as in logo.png."""
    draw.rounded_rectangle(box, radius=(box[2] - box[0]) // 6, fill=PAPER)
    font = ImageFont.truetype(FONT, int((box[3] - box[1]) * 0.72))
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    draw.text(centre, letter, font=font, fill=ACCENT_DARK, anchor="mm")


def social_image(name: str) -> Image.Image:
    image = Image.new("RGB", SIZE, ACCENT)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 124)
    text_width = draw.textlength(name, font=font)
    side, gap = 150, 48
    left = (SIZE[0] - side - gap - text_width) / 2
    top = (SIZE[1] - side) / 2 - 20
    badge(draw, (int(left), int(top), int(left) + side, int(top) + side), name[0].upper())
    draw.text((left + side + gap, top + side / 2), name, font=font, fill=PAPER, anchor="lm")
    # A rule under the wordmark, the width of it, as the site header's underline.
    rule_top = int(top + side + 56)
    draw.rectangle((int(left), rule_top, int(left + side + gap + text_width), rule_top + 8), PAPER)
    return image


if __name__ == "__main__":
    site_name = sys.argv[1] if len(sys.argv) > 1 else "Masthead"
    social_image(site_name).save(OUTPUT, optimize=True)
    print(f"Wrote {OUTPUT}")  # noqa: T201

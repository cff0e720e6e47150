"""The demo's pictures, drawn by code when the demo loads: no file to license or ship.

Each scene is a flat illustration (a sky, a sun, hills, water, a skyline or a temple)
drawn with Pillow from a few named parameters, so it compresses small and its alt text
can say exactly what it shows.
"""

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1600, 900
CREDIT = "Illustration: Masthead demo, drawn by code"

SKIES = {
    "dawn": ((250, 200, 160), (120, 150, 200)),
    "noon": ((150, 200, 240), (60, 120, 200)),
    "dusk": ((250, 150, 90), (90, 60, 120)),
    "storm": ((120, 130, 140), (60, 70, 85)),
}
GROUND = {
    "green": ((70, 130, 80), (40, 90, 60)),
    "ochre": ((190, 150, 80), (140, 100, 50)),
    "blue": ((60, 110, 150), (30, 70, 110)),
}


@dataclass(frozen=True)
class Scene:
    key: str
    sky: str
    ground: str
    feature: str  # "hills", "skyline", "temple", "port" or "rain"
    alt_text: str
    caption: str
    seed: int = 1


def lerp(a: tuple, b: tuple, t: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def draw_sky(draw: ImageDraw.ImageDraw, sky: str) -> None:
    top, bottom = SKIES[sky]
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=lerp(top, bottom, y / HEIGHT))


def ridge(rng: random.Random, base: int, amplitude: int) -> list[tuple[int, int]]:
    phase, wave = rng.uniform(0, math.tau), rng.uniform(1.5, 3.5)
    points = [
        (x, round(base - amplitude * math.sin(phase + wave * math.tau * x / WIDTH)))
        for x in range(0, WIDTH + 40, 40)
    ]
    return [(0, HEIGHT), *points, (WIDTH, HEIGHT)]


def draw_hills(draw: ImageDraw.ImageDraw, rng: random.Random, ground: str) -> None:
    far, near = GROUND[ground]
    for layer, base in enumerate((560, 650, 740)):
        colour = lerp(far, near, layer / 2)
        draw.polygon(ridge(rng, base, 40 + 25 * layer), fill=colour)


def draw_skyline(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x = 0
    while x < WIDTH:
        width, height = rng.randint(70, 160), rng.randint(160, 420)
        shade = rng.randint(40, 80)
        draw.rectangle([x, 720 - height, x + width, 720], fill=(shade, shade, shade + 15))
        for wy in range(720 - height + 20, 700, 36):
            for wx in range(x + 12, x + width - 16, 28):
                if rng.random() < 0.55:
                    draw.rectangle([wx, wy, wx + 12, wy + 16], fill=(245, 215, 120))
        x += width + rng.randint(4, 20)


def draw_temple(draw: ImageDraw.ImageDraw) -> None:
    stone = (110, 95, 80)
    for step in range(5):
        inset = step * 70
        draw.rectangle([420 + inset, 700 - step * 60, 1180 - inset, 760 - step * 60], fill=stone)
    for centre, top in ((800, 240), (600, 380), (1000, 380)):
        draw.polygon([(centre - 70, 460), (centre, top), (centre + 70, 460)], fill=stone)


def draw_port(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    colours = [(190, 60, 50), (40, 110, 160), (220, 170, 50), (70, 140, 90)]
    for row in range(3):
        for column in range(10):
            x, y = 200 + column * 90, 640 - row * 50
            draw.rectangle([x, y, x + 84, y + 46], fill=rng.choice(colours))
    draw.line([(1200, 720), (1200, 300), (1000, 300)], fill=(60, 60, 60), width=18)
    draw.polygon([(100, 760), (1300, 760), (1250, 820), (150, 820)], fill=(50, 50, 60))


def draw_rain(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    for _ in range(260):
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        draw.line([(x, y), (x - 14, y + 40)], fill=(200, 210, 225), width=3)


def draw_scene(scene: Scene) -> Image.Image:
    rng = random.Random(scene.seed)  # noqa: S311 - a drawing, not a secret
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    draw_sky(draw, scene.sky)
    if scene.sky != "storm":
        cx, cy = rng.randint(200, WIDTH - 200), rng.randint(120, 320)
        draw.ellipse([cx - 90, cy - 90, cx + 90, cy + 90], fill=(255, 236, 170))
    draw_hills(draw, rng, scene.ground)
    extra = {
        "skyline": lambda: draw_skyline(draw, rng),
        "temple": lambda: draw_temple(draw),
        "port": lambda: draw_port(draw, rng),
        "rain": lambda: draw_rain(draw, rng),
    }.get(scene.feature)
    if extra:
        extra()
    return image


def jpeg_bytes(scene: Scene) -> bytes:
    buffer = io.BytesIO()
    draw_scene(scene).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def fact_sheet_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF for the document block, drawn as a picture (Pillow writes PDF)."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle([0, 0, 1240, 160], fill=(11, 74, 125))
    draw.text((80, 60), title, fill="white", font_size=48)
    for number, line in enumerate(lines):
        draw.text((80, 260 + number * 70), line, fill=(27, 27, 27), font_size=34)
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()

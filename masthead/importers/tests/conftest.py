from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

FIXTURES = Path(__file__).parent / "fixtures"


def png_bytes(colour: str = "red") -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (8, 6), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def uploads(tmp_path) -> Path:
    """A WordPress uploads folder holding the image the fixtures name."""
    folder = tmp_path / "uploads"
    (folder / "2024" / "05").mkdir(parents=True)
    (folder / "2024" / "05" / "bridge.png").write_bytes(png_bytes())
    (folder / "2024" / "06").mkdir(parents=True)
    (folder / "2024" / "06" / "harbour.png").write_bytes(png_bytes("blue"))
    return folder

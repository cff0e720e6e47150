"""A stand-in for the providers, on 127.0.0.1: oEmbed answers, a thumbnail and a player.

What it answers depends on words in the embedded link: "missing" gets a 404, "slow" no
answer before the client's timeout, "garbage" a body that is not JSON, "bomb" a
thumbnail that is a decompression bomb, "nothumb" no thumbnail. Every request is logged.
"""

import contextlib
import json
import struct
import threading
import time
import zlib
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

from PIL import Image


def picture(width: int = 480, height: int = 360, image_format: str = "JPEG") -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, image_format)
    return buffer.getvalue()


def bomb() -> bytes:
    """A small PNG whose header claims 40,000 × 40,000 pixels (a valid header, checksum
    included): what a decompression bomb looks like before it is decoded."""
    png = bytearray(picture(8, 8, "PNG"))
    header = b"IHDR" + struct.pack(">II", 40_000, 40_000) + bytes(png[24:29])
    png[12:29] = header
    png[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(png)


class Handler(BaseHTTPRequestHandler):
    server: "OEmbedServer"

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.server.requests.append(self.path)
        parts = urlsplit(self.path)
        if parts.path == "/oembed":
            self.oembed(parse_qs(parts.query).get("url", [""])[0])
        elif parts.path == "/thumb.jpg":
            self.answer(200, "image/jpeg", picture())
        elif parts.path == "/bomb.png":
            self.answer(200, "image/png", self.server.bomb)
        else:  # any other path is "the player"
            self.answer(200, "text/html", b"<!DOCTYPE html><title>Player</title><p>The player")

    def oembed(self, url: str):
        if "missing" in url:
            return self.answer(404, "text/plain", b"Not Found")
        if "slow" in url:
            time.sleep(3)
        if "garbage" in url:
            return self.answer(200, "application/json", b"<html>not json")
        thumbnail = "" if "nothumb" in url else ("/bomb.png" if "bomb" in url else "/thumb.jpg")
        data = {
            "type": "video",
            "version": "1.0",
            "title": f"A video about the talks <{url[-11:]}>",
            "author_name": "Siem Reap Newsroom",
            "html": "<iframe src='https://elsewhere.example/'></iframe><script>alert(1)</script>",
        }
        if thumbnail:
            data["thumbnail_url"] = self.server.url + thumbnail
        self.answer(200, "application/json", json.dumps(data).encode())

    def answer(self, status: int, content_type: str, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self.wfile.write(body)

    def log_message(self, *args):
        pass


class OEmbedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.bomb = bomb()

    def providers(self) -> dict:
        """MASTHEAD_EMBED_PROVIDERS with every provider served from here (Telegram, which
        has no oEmbed, still has none)."""
        from masthead.settings.base import MASTHEAD_EMBED_PROVIDERS as defaults

        return {
            slug: {"oembed": f"{self.url}/oembed" if config["oembed"] else None, "player": self.url}
            for slug, config in defaults.items()
        }


@contextmanager
def oembed_server():
    server = OEmbedServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()

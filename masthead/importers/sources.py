"""Open what the user gave (a file, a folder, a zip) and find each file's format by content.

A zip is checked whole before anything is read from it: member count, sizes, compression
ratio and paths (nothing absolute, nothing climbing out with `..`).
"""

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ImportError_, MalformedExport, UnsafeInput, UnsupportedFormat
from .formats.ghost import parse_json, read_ghost
from .formats.html_pages import read_html_page
from .formats.masthead_json import is_masthead_export, read_masthead_export
from .formats.page_text import read_page_text
from .formats.wxr import read_wxr
from .records import ItemRecord

HEAD_BYTES = 4096


@dataclass(frozen=True)
class ZipLimits:
    members: int = 10_000
    total_bytes: int = 2 * 1024**3
    member_bytes: int = 256 * 1024**2
    ratio: int = 100


def detect(head: bytes, place: str) -> str:
    """wxr, ghost, html or text, from the first bytes of a file."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = text[:2048].lower()
    if not text:
        raise UnsupportedFormat("the file is empty", place=place)
    if text.startswith(b"%PDF"):
        raise UnsupportedFormat("this is a PDF, not an export or a page", place=place)
    if text.startswith(b"PK\x03\x04"):
        return "zip"
    if b"<html" in lower or b"<!doctype html" in lower or b"<body" in lower:
        return "html"
    if text.startswith(b"<"):
        return "wxr"
    if text.startswith((b"{", b"[")):
        return "ghost"
    if b"\x00" in text and not text.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat("a binary file, not an export or a page", place=place)
    return "text"


@contextmanager
def opened(
    path: Path, limits: ZipLimits = ZipLimits()
) -> Iterator[Iterator[ItemRecord | ImportError_]]:
    """Every article in a file, a folder or a zip, read as they are asked for.

    A zip stays unpacked until the block ends, not only until its last article is read:
    the articles are written in batches, and the last batch still needs their images.
    """
    if not path.exists():
        raise UnsupportedFormat("no such file or folder", place=str(path))
    if path.is_dir():
        yield read_folder(path, path)
        return
    with path.open("rb") as source:
        kind = detect(source.read(HEAD_BYTES), str(path))
    if kind == "zip":
        with unpacked(path, limits) as folder:
            yield read_folder(folder, folder)
    else:
        yield read_file(path, kind, path.name)


def read_file(path: Path, kind: str, name: str) -> Iterator[ItemRecord]:
    if kind == "wxr":
        yield from read_wxr(path)
        return
    data = path.read_bytes()
    if kind == "ghost":
        document = parse_json(path, data)
        if is_masthead_export(document):
            yield from list(read_masthead_export(path, document))
        else:
            yield from list(read_ghost(path, data))
    elif kind == "html":
        yield read_html_page(path, data, name)
    else:
        yield from read_page_text(path, data)


def read_folder(folder: Path, root: Path) -> Iterator[ItemRecord | ImportError_]:
    """Each page of a folder in name order; files that are not pages or exports are skipped.

    A file that cannot be read is yielded as its error, reported as a failed item, and
    the other files go on.
    """
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        with path.open("rb") as source:
            try:
                kind = detect(source.read(HEAD_BYTES), str(path))
            except UnsupportedFormat:
                continue
        if kind != "zip" and (kind != "text" or path.suffix.lower() == ".txt"):
            try:
                yield from read_file(path, kind, str(path.relative_to(root)))
            except ImportError_ as error:
                yield error


def check_member(info: zipfile.ZipInfo, limits: ZipLimits, place: str) -> None:
    name = PurePosixPath(info.filename.replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts or ":" in info.filename:
        raise UnsafeInput(f"refused a path out of the archive: {info.filename!r}", place=place)
    if info.file_size > limits.member_bytes:
        raise UnsafeInput(f"{info.filename} is too large once unpacked", place=place)
    if info.compress_size and info.file_size / info.compress_size > limits.ratio:
        raise UnsafeInput(f"{info.filename} unpacks to over {limits.ratio}× its size", place=place)


def check_archive(archive: zipfile.ZipFile, limits: ZipLimits, place: str) -> None:
    members = archive.infolist()
    if len(members) > limits.members:
        raise UnsafeInput(f"more than {limits.members} files in the archive", place=place)
    if sum(info.file_size for info in members) > limits.total_bytes:
        raise UnsafeInput("the archive unpacks to more than the size allowed", place=place)
    for info in members:
        check_member(info, limits, place)


@contextmanager
def unpacked(path: Path, limits: ZipLimits):
    """The zip unpacked in a temporary folder, each member read with its size capped."""
    folder = Path(tempfile.mkdtemp(prefix="masthead-import-"))
    try:
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise MalformedExport("a damaged zip file", place=str(path)) from None
        with archive:
            check_archive(archive, limits, str(path))
            for info in archive.infolist():
                if not info.is_dir():
                    extract_capped(archive, info, folder / info.filename, limits.member_bytes)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def extract_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, cap: int) -> None:
    """The header's sizes can lie: stop at the cap whatever it said."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(info) as source, target.open("wb") as out:
        while chunk := source.read(64 * 1024):
            written += len(chunk)
            if written > cap:
                raise UnsafeInput(
                    f"{info.filename} unpacks past its declared size", place=str(archive.filename)
                )
            out.write(chunk)


def estimate_items(path: Path) -> int:
    """How many items a file holds, roughly and cheaply, for a progress bar."""
    if path.is_dir():
        return sum(1 for p in path.rglob("*") if p.is_file())
    with path.open("rb") as source:
        head = source.read(HEAD_BYTES)
        try:
            kind = detect(head, str(path))
        except UnsupportedFormat:
            return 1
        if kind == "zip":
            return zip_members(path)
        if kind == "wxr":
            return count_bytes(source, head, b"<wp:post_type>") or 1
    return 1


def zip_members(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as archive:
            return max(1, sum(1 for info in archive.infolist() if not info.is_dir()))
    except zipfile.BadZipFile:
        return 1


def count_bytes(source, head: bytes, needle: bytes) -> int:
    count, tail = head.count(needle), head[-(len(needle) - 1) :]
    while chunk := source.read(1024 * 1024):
        count += (tail + chunk).count(needle)
        tail = chunk[-(len(needle) - 1) :]
    return count

"""Which files to read, and in which format."""

import datetime
import os
import pathlib
from collections.abc import Iterable, Iterator

from .base import ImportFailure, Release
from .jsonl import parse_json
from .text import parse_text
from .wxr import Skipped, parse_wxr

FORMATS = ("text", "wxr", "json")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".xml": "wxr",
    ".wxr": "wxr",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}


def collect_files(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[ImportFailure]]:
    """Return (files, failures): the files named, and those in folders (recursively).

    In a folder, only files with a known extension or none are read; hidden files
    and folders are left out. Files are kept as plain strings, in sorted order: a
    run over a hundred thousand files holds only their names.
    """
    files, failures = [], []
    for name in paths:
        path = pathlib.Path(name)
        if path.is_dir():
            found = []
            for folder, folders, names in os.walk(path):
                folders[:] = [f for f in folders if not f.startswith(".")]
                for file in names:
                    suffix = os.path.splitext(file)[1].lower()
                    if not file.startswith(".") and (suffix in EXTENSIONS or not suffix):
                        found.append(os.path.join(folder, file))
            files.extend(sorted(found))
        elif path.is_file():
            files.append(str(path))
        else:
            failures.append(ImportFailure("tidak ada berkas atau folder dengan nama ini", name))
    return files, failures


def detect_format(path):
    """Return text, wxr or json: by extension, else by the file's first characters."""
    by_extension = EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    with path.open("rb") as stream:
        head = stream.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "wxr"
    if head.startswith((b"{", b"[")):
        return "json"
    return "text"


def read_file(
    path: str | os.PathLike,
    fmt: str = "auto",
    encoding: str | None = None,
    media: str | None = None,
    *,
    year: int | None = None,
    date: datetime.datetime | None = None,
) -> Iterator[Release | Skipped | ImportFailure]:
    """Yield what a file holds: Release, Skipped or ImportFailure items; raise ImportFailure.

    media: a copy of a WordPress site's wp-content/uploads, where a WXR's photos are found;
    year and date apply to text releases (see parse_text).
    """
    origin, path = str(path), pathlib.Path(path)
    try:
        fmt = detect_format(path) if fmt == "auto" else fmt
        if fmt == "text":
            yield parse_text(path.read_bytes(), origin, encoding, year=year, date=date)
            return
        with path.open("rb") as stream:
            if fmt == "wxr":
                yield from parse_wxr(stream, origin, media=media)
            else:
                yield from parse_json(stream, origin)
    except OSError as error:
        raise ImportFailure(f"tidak dapat dibaca: {error.strerror}", origin) from None

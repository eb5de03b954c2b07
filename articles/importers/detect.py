"""Which files to read, and in which format."""

import datetime
import os
import pathlib
import re
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


# Files that describe a folder rather than hold a release ("README.md", "LICENSE"): in a
# folder they are skipped, with a count; named on their own they are read like any file.
FOLDER_DOCUMENTS = re.compile(
    r"(?:readme|licen[cs]e|copying|notice|changelog|contributing|authors)(?:\.[^.]*)?",
    re.IGNORECASE,
)


def collect_files(
    paths: Iterable[str | os.PathLike],
) -> tuple[list[str], list[ImportFailure | Skipped]]:
    """Return (files, others): the files to read, named or in folders (recursively), and
    the names that are no file (ImportFailure) or a folder's own documents (Skipped).

    In a folder, only files with a known extension or none are read; hidden files
    and folders and other files (photos) are left out. Files are kept as plain strings,
    in sorted order: a run over a hundred thousand files holds only their names.
    """
    files, others = [], []
    for name in paths:
        path = pathlib.Path(name)
        if path.is_dir():
            found, documents = [], []
            for folder, folders, names in os.walk(path):
                folders[:] = [f for f in folders if not f.startswith(".")]
                for file in names:
                    suffix = os.path.splitext(file)[1].lower()
                    if file.startswith(".") or not (suffix in EXTENSIONS or not suffix):
                        continue
                    if FOLDER_DOCUMENTS.fullmatch(file):
                        documents.append(os.path.join(folder, file))
                    else:
                        found.append(os.path.join(folder, file))
            files.extend(sorted(found))
            others.extend(
                Skipped(document, "dokumen folder, bukan rilis", "dokumen folder")
                for document in sorted(documents)
            )
        elif path.is_file():
            files.append(str(path))
        else:
            others.append(ImportFailure("tidak ada berkas atau folder dengan nama ini", name))
    return files, others


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

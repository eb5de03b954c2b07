"""What every importer produces: a Release, or an ImportFailure naming where and why."""

import dataclasses
import datetime
import hashlib
import unicodedata
import urllib.parse

from django.utils import timezone

from articles.html import html_to_text


class ImportFailure(Exception):
    """A release or a file that cannot be imported; str() is the one-line message for operators."""

    def __init__(self, reason, where=""):
        self.reason = reason
        self.where = where
        super().__init__(f"{where}: {reason}" if where else reason)

    def at(self, where):
        """Return the same failure located at `where` (a file, a file and line, an item)."""
        return ImportFailure(self.reason, where)


@dataclasses.dataclass
class Release:
    """One press release as a source holds it, before it meets the database."""

    title: str
    body: str  # HTML; sanitised again when written
    published_at: datetime.datetime | None = None  # aware
    has_time: bool = True
    # False: the source wrote a time without its zone; it is the unit's (see prepare).
    zone_given: bool = True
    dateline: str = ""
    lead: str = ""
    authors: list[str] = dataclasses.field(default_factory=list)
    editor_initials: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    # The unit: a slug given by the source (JSON), or names to match (WXR categories).
    unit_slug: str = ""
    unit_names: list[str] = dataclasses.field(default_factory=list)
    status: str = ""  # "" = the command's --status, else published
    source_name: str = ""
    source_url: str = ""
    # The site that published it, when that is a unit's own (a WordPress export's channel
    # title, "Humas Polres Jember"): it names the unit of a release that names none.
    site_name: str = ""
    import_key: str = ""  # given by the source (JSON export); else derived
    slug: str = ""
    featured: bool | None = None  # None = the source does not say
    # The photos already in this site's storage (an export of it), in order, the main one
    # first: dicts of image (the storage name), alt_text, caption, credit.
    # None = the source does not say, so an update keeps the article's photos.
    photos: list[dict] | None = None
    # A photo file to bring in as the main photo (a WXR's featured image from --media):
    # file (its path), alt_text, caption, credit.
    photo_file: dict | None = None
    operation: str = ""  # the slug of an existing operation (JSON export)
    origin: str = ""  # file, and line or item, for messages
    notes: list[str] = dataclasses.field(default_factory=list)
    doubts: list[str] = dataclasses.field(default_factory=list)


def normalise_url(url):
    """Return url with a lower-case scheme and host, so the same address compares equal."""
    parts = urllib.parse.urlsplit(url.strip())
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, "")
    )


def is_own_url(url):
    """Return True if url points at one release, not at a portal's home page."""
    parts = urllib.parse.urlsplit(url)
    return bool(parts.netloc) and (parts.path.strip("/") != "" or parts.query != "")


def plain_words(markup):
    """Return the text of html, case-folded, with whitespace collapsed: what a hash compares."""
    text = unicodedata.normalize("NFKC", html_to_text(markup))
    return " ".join(text.split()).casefold()


def import_key(release):
    """Return the stable key of a release.

    The release's own URL when it has one (host and path; http and https are one
    release), else a hash of its normalised title, publication date and body text.
    A byline link to the portal's home page is shared by all its releases, so it
    never serves as a key.
    """
    if release.import_key:
        return release.import_key[:64]
    if release.source_url and is_own_url(release.source_url):
        parts = urllib.parse.urlsplit(normalise_url(release.source_url))
        basis = (
            "url\n"
            + parts.netloc
            + parts.path.rstrip("/")
            + ("?" + parts.query if parts.query else "")
        )
    else:
        day = timezone.localdate(release.published_at).isoformat() if release.published_at else ""
        basis = "\n".join(["text", plain_words(release.title), day, plain_words(release.body)])
    return hashlib.sha256(basis.encode()).hexdigest()

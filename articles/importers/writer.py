"""Writing releases: upsert by import key, in batches, every release atomically."""

import dataclasses
import datetime
import functools
import hashlib
import json
import re
import urllib.parse

import PIL.Image
import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from articles.html import clean_html, html_to_text
from articles.images import RENDITIONS
from articles.models import Article, Author, Unit

from .base import ImportFailure, import_key

STATUSES = {choice.value for choice in Article.Status}
# Rows per INSERT statement: bounds the statement's size whatever the batch size.
INSERT_ROWS = 250


class UnitMatcher:
    """Recognise the unit a release belongs to, from names written in its text.

    The unit named in the title wins, else the first unit named in the body; at
    one position the longest name wins ("Satlantas Polres Jember" over "Polres
    Jember"), and a "Ka" prefix counts ("Kapolsek Kaliwates" names Polsek
    Kaliwates). A Polres release that mentions a Polsek later stays the Polres's.
    Without a name, a source address on a unit's website decides, else the default:
    the first Polres, or the first unit.
    """

    def __init__(self, units):
        self.units = list(units)
        self.by_name = {unit.name.casefold(): unit for unit in self.units}
        self.by_slug = {unit.slug: unit for unit in self.units}
        self.by_host = {
            urllib.parse.urlsplit(unit.website).netloc.lower(): unit
            for unit in self.units
            if unit.website
        }
        names = sorted(self.by_name, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, name.split())) for name in names)
        self.pattern = (
            re.compile(rf"(?<!\w)(?:ka)?({alternatives})(?!\w)", re.IGNORECASE) if names else None
        )
        polres = [unit for unit in self.units if unit.kind == Unit.Kind.POLRES]
        ordered = sorted(polres or self.units, key=lambda unit: unit.pk)
        self.default = ordered[0] if ordered else None

    def named_in(self, text):
        if self.pattern is None:
            return None
        match = self.pattern.search(text)
        return self.by_name.get(" ".join(match.group(1).split()).casefold()) if match else None

    def match(self, release):
        for name in release.unit_names:
            unit = self.by_name.get(name.casefold()) or self.by_slug.get(slugify(name))
            if unit:
                return unit
        unit = self.named_in(release.title) or self.named_in(html_to_text(release.body))
        if unit is None and release.source_url:
            unit = self.by_host.get(urllib.parse.urlsplit(release.source_url).netloc.lower())
        return unit or self.default


@dataclasses.dataclass
class Prepared:
    """A release checked and resolved against the database, ready to write."""

    key: str
    digest: str
    fields: dict
    authors: list[str]
    tags: list[str]
    origin: str
    slug: str = ""

    @property
    def label(self):
        """Return (origin, title): how the release is named in the report."""
        return self.origin, self.fields["title"]


@dataclasses.dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rolled_back: bool = False
    failures: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def failed(self):
        return len(self.failures)

    @property
    def written(self):
        return self.created + self.updated


def normalise_tag(name):
    """Return a tag as stored: lower case, without '#', single spaces, at most 100 characters."""
    return " ".join(name.replace("#", " ").split()).lower()[:100]


@functools.lru_cache(maxsize=1024)
def valid_url(url):
    """Return True if url is an http(s) address; a portal's home page repeats, hence the cache."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def _reason(error):
    """Return the first line of a database error, for a one-line report."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# A photo's name as Article.image stores it (see image_upload_to): only such files,
# already in storage, may be named by an import.
PHOTO_NAME = re.compile(r"releases/[0-9a-f]{2}/[0-9a-f]{32}\.(?:jpg|png|webp)")


def photo_fields(photo):
    """Return the Article fields of a photo already in storage (an export's image).

    Its size and renditions are read back from the stored files that
    articles.images.store() wrote beside it; an import never takes a file
    name it did not check.
    """
    name = photo.get("image") or ""
    fields = {
        "image_alt": _limited(photo.get("image_alt"), 300, "image_alt"),
        "image_caption": _limited(photo.get("image_caption"), 500, "image_caption"),
        "image_credit": _limited(photo.get("image_credit"), 200, "image_credit"),
    }
    if not name:
        return {**fields, "image": "", "image_width": None, "image_height": None, "renditions": {}}
    if not PHOTO_NAME.fullmatch(name) or not default_storage.exists(name):
        raise ImportFailure(f"foto tidak ada di penyimpanan situs ini: {name[:80]}")
    stem = name.rsplit(".", 1)[0]
    renditions = {}
    for rendition in RENDITIONS:
        for key, extension in (("jpeg", "jpg"), ("webp", "webp")):
            stored = f"{stem}-{rendition}.{extension}"
            if default_storage.exists(stored):
                entry = renditions.setdefault(rendition, {})
                entry[key] = stored
                if "width" not in entry:
                    entry["width"], entry["height"] = _image_size(stored)
    width, height = _image_size(name)
    return {
        **fields,
        "image": name,
        "image_width": width,
        "image_height": height,
        "renditions": renditions,
    }


def _image_size(name):
    with default_storage.open(name) as stream:
        try:
            return PIL.Image.open(stream).size
        except (OSError, PIL.UnidentifiedImageError):
            raise ImportFailure(f"foto tidak dapat dibaca: {name[:80]}") from None


def _limited(value, length, label):
    value = (value or "").strip()
    if len(value) > length:
        raise ImportFailure(f"{label} lebih dari {length} karakter")
    return value


# PostgreSQL's COPY: what bulk_create does, without building the SQL text of every
# value (a release's body is most of it), about a fifth of the importer's time.


def copy_articles(connection, articles):
    """Insert new articles with COPY, giving each its pk from the table's sequence."""
    meta = Article._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(articles)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with _copy(connection, cursor, meta, [meta.pk, *fields]) as copy:
            for pk, article in zip(ids, articles, strict=True):
                article.pk = pk
                copy.write_row(
                    [pk]
                    + [
                        field.get_db_prep_save(field.pre_save(article, True), connection)
                        for field in fields
                    ]
                )
    for article in articles:
        article._state.adding = False
        article._state.db = connection.alias


def insert_rows(connection, model, names, rows):
    """Insert rows (tuples of database values for the fields `names`) of a model."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=INSERT_ROWS
        )
        return
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[name] for name in names]
    with connection.cursor() as cursor, _copy(connection, cursor, model._meta, fields) as copy:
        for row in rows:
            copy.write_row(row)


def _copy(connection, cursor, meta, fields):
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    return cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN")


class ReleaseWriter:
    """Collect releases and write them in batches; see `add`, `fail` and `flush`."""

    def __init__(self, *, unit=None, status=None, batch_size=500, report=None):
        if status and status not in STATUSES:
            raise ImportFailure(f"status tidak dikenal: {status}")
        self.matcher = UnitMatcher(Unit.objects.all())
        if self.matcher.default is None:
            raise ImportFailure(
                "belum ada satuan di basis data; muat dulu: python manage.py loaddata units"
            )
        if unit and not isinstance(unit, Unit):
            try:
                unit = Unit.objects.get(slug=unit)
            except Unit.DoesNotExist:
                raise ImportFailure(f"satuan dengan slug '{unit}' tidak ada") from None
        self.unit = unit
        self.status = status
        self.batch_size = batch_size
        self.report = report  # called with one line per release written, if given
        self.summary = Summary()
        self.pending = []  # the chunk being filled
        self.pending_keys = set()
        self.in_batch = 0  # releases handed over in the batch (transaction) being filled
        self.txn = None  # the open transaction of the batch being written
        self.batch_done = []  # its outcomes, counted once it commits
        self.authors = {}  # case-folded name -> pk, only for committed rows
        self.tags = {}  # lower-case name -> pk, only for committed rows
        self.content_type = ContentType.objects.get_for_model(Article)

    # Collecting

    def add(self, release):
        """Queue a release; a release that cannot be prepared is counted as failed."""
        try:
            prepared = self.prepare(release)
        except ImportFailure as failure:
            self.fail(failure if failure.where else failure.at(release.origin))
            return
        self.summary.notes.extend(f"{release.origin}: {note}" for note in release.notes)
        if prepared.key in self.pending_keys:
            self._hand_over(end=False)  # the same release twice: the second sees the first
        self.pending.append(prepared)
        self.pending_keys.add(prepared.key)
        self.in_batch += 1
        if self.in_batch >= self.batch_size:
            self._hand_over(end=True)
        elif len(self.pending) >= INSERT_ROWS:
            self._hand_over(end=False)

    def fail(self, failure):
        self.summary.failures.append(str(failure))

    def skip(self):
        self.summary.skipped += 1

    def prepare(self, release):
        """Return the release validated and resolved; raise ImportFailure naming the problem."""
        title = _limited(" ".join(release.title.split()), 300, "judul")
        if not title:
            raise ImportFailure("tidak ada judul")
        body = clean_html(release.body)
        if not html_to_text(body).strip():
            raise ImportFailure("isi rilis kosong (setelah dibersihkan)")
        status = self.status or release.status or Article.Status.PUBLISHED
        if status not in STATUSES:
            raise ImportFailure(f"status tidak dikenal: {status}")
        published_at = release.published_at
        if published_at is not None and timezone.is_naive(published_at):
            raise ImportFailure("waktu terbit tanpa zona waktu")
        if status == Article.Status.PUBLISHED and published_at is None:
            raise ImportFailure("rilis terbit tanpa tanggal terbit")
        source_url = _limited(release.source_url, 500, "alamat sumber")
        if source_url and not valid_url(source_url):
            raise ImportFailure(f"alamat sumber tidak sah: {source_url[:80]}")
        if release.unit_slug and not self.unit:
            unit = self.matcher.by_slug.get(release.unit_slug)
            if unit is None:
                raise ImportFailure(f"satuan dengan slug '{release.unit_slug}' tidak ada")
        else:
            unit = self.unit or self.matcher.match(release)
        slug = release.slug.strip()
        if slug and (slugify(slug) != slug or len(slug) > 300):
            raise ImportFailure(f"slug tidak sah: {slug[:80]}")
        authors = list(
            dict.fromkeys(
                _limited(" ".join(name.split()), 200, "nama wartawan") for name in release.authors
            )
        )
        # A WordPress category that named the unit is not a tag as well.
        tags = [tag for tag in map(normalise_tag, release.tags) if tag and tag != unit.name.lower()]
        tags = list(dict.fromkeys(tags))
        fields = {
            "title": title,
            "body": body,
            "lead": (release.lead or "").strip(),
            "dateline": _limited(release.dateline, 100, "tempat berita"),
            "editor_initials": _limited(release.editor_initials, 10, "inisial editor"),
            "status": status,
            "published_at": published_at,
            "has_time": bool(release.has_time),
            "unit_id": unit.pk,
            "source_name": _limited(release.source_name, 200, "nama sumber"),
            "source_url": source_url,
        }
        if release.featured is not None:
            fields["featured"] = bool(release.featured)
        if release.photo is not None:
            fields.update(photo_fields(release.photo))
        key = import_key(dataclasses.replace(release, title=title, body=body))
        content = {
            **fields,
            "published_at": published_at.astimezone(datetime.UTC).isoformat()
            if published_at
            else None,
            "unit_id": unit.slug,
            "featured": bool(release.featured),
            # The photo as the source names it; its size and renditions are derived.
            "image": (release.photo or {}).get("image") or "",
            "image_width": None,
            "image_height": None,
            "renditions": None,
            **{
                field: fields.get(field, "")
                for field in ("image_alt", "image_caption", "image_credit")
            },
            # The database keeps no order of reporters and tags: compare them as sets.
            "authors": sorted(name.casefold() for name in authors),
            "tags": sorted(tags),
        }
        digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
        fields["import_key"] = key
        fields["import_hash"] = digest
        return Prepared(key, digest, fields, [a for a in authors if a], tags, release.origin, slug)

    # Writing

    def _hand_over(self, end):
        """Write the chunk being filled; end=True also commits the batch.

        Releases are written in chunks of INSERT_ROWS, so only one chunk is in
        memory whatever the batch size.
        """
        chunk, self.pending, self.pending_keys = self.pending, [], set()
        if end:
            self.in_batch = 0
        self._write_chunk(chunk, end)

    def flush(self):
        """Write what is queued and commit the batch."""
        self._hand_over(end=True)

    def close(self):
        """Write what is queued and commit the last batch."""
        self.flush()

    def stop(self):
        """Roll back a batch left open (after an error or an interruption)."""
        self._abandon()

    # One batch is one transaction, written chunk by chunk, each chunk in a
    # savepoint: a refused chunk is written again one release at a time, each in
    # its own savepoint, so the good ones go in and the bad one is named.

    def _write_chunk(self, chunk, end):
        try:
            if chunk:
                if self.txn is None:
                    self._begin()
                self._write_in_savepoints(chunk)
            if end and self.txn is not None:
                self._end()
        except BaseException:
            self._abandon()
            raise

    def _begin(self):
        self.txn = transaction.atomic()
        self.txn.__enter__()
        self.batch_done = []
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            # Foreign keys are deferred to the commit by default; checked at once,
            # a violation is caught with its release, not by the whole batch.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def _write_in_savepoints(self, chunk):
        try:
            with transaction.atomic():
                self.batch_done.append(self._write(chunk))
        except (DatabaseError, ImportFailure):
            for prepared in chunk:
                try:
                    with transaction.atomic():
                        self.batch_done.append(self._write([prepared]))
                except ImportFailure as failure:
                    self.fail(failure.at(prepared.origin))
                except DatabaseError as error:
                    self.fail(
                        ImportFailure(f"ditolak basis data: {_reason(error)}", prepared.origin)
                    )

    def _end(self):
        txn, done, self.txn, self.batch_done = self.txn, self.batch_done, None, []
        try:
            txn.__exit__(None, None, None)
        except DatabaseError as error:
            for counts, _, _ in done:
                for _, origin, _ in counts["done"]:
                    self.fail(ImportFailure(f"ditolak basis data: {_reason(error)}", origin))
            return
        for outcome in done:
            self._commit(outcome)

    def _abandon(self):
        """Roll back the batch being written, if any (after an error or an interruption)."""
        if self.txn is not None:
            txn, self.txn, self.batch_done = self.txn, None, []
            txn.__exit__(RuntimeError, RuntimeError("import interrupted"), None)

    def _commit(self, outcome):
        counts, authors, tags = outcome
        self.summary.created += counts["created"]
        self.summary.updated += counts["updated"]
        self.summary.unchanged += counts["unchanged"]
        if self.report:
            for action, origin, title in counts["done"]:
                self.report(f"{action}: {origin}: {title}")
        self.authors.update(authors)
        self.tags.update(tags)

    def _write(self, batch):
        """Write a batch inside the caller's transaction; return counts and new name caches."""
        counts = {"created": 0, "updated": 0, "unchanged": 0, "done": []}
        existing = {
            row["import_key"]: row
            # The explicit "not empty" lets PostgreSQL use the partial unique index on
            # import_key for a long IN list; without it, it scans the whole table.
            for row in Article.objects.filter(import_key__in=[p.key for p in batch])
            .exclude(import_key="")
            .order_by()
            .values("pk", "import_key", "import_hash")
        }
        new, changed = [], []
        for prepared in batch:
            row = existing.get(prepared.key)
            if row is None:
                new.append(prepared)
            elif row["import_hash"] == prepared.digest:
                counts["unchanged"] += 1
                counts["done"].append(("tidak berubah", *prepared.label))
            else:
                changed.append((row["pk"], prepared))
        if not new and not changed:
            return counts, {}, {}
        authors = self._author_ids([p for p in new] + [p for _, p in changed])
        tags = self._tag_ids([p for p in new] + [p for _, p in changed])
        if new:
            self._create(new, authors, tags)
            counts["created"] += len(new)
            counts["done"].extend(("dibuat", *prepared.label) for prepared in new)
        for pk, prepared in changed:
            self._update(pk, prepared, authors, tags)
            counts["updated"] += 1
            counts["done"].append(("diperbarui", *prepared.label))
        return counts, authors, tags

    def _create(self, batch, authors, tags):
        articles = []
        for prepared in batch:
            article = Article(slug=prepared.slug, **prepared.fields)
            article.featured = prepared.fields.get("featured", False)
            article.derive_fields(body_is_clean=True)  # prepare() cleaned it
            articles.append(article)
        self._unique_slugs(articles, explicit=[bool(p.slug) for p in batch])
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            copy_articles(connection, articles)
        else:
            Article.objects.bulk_create(articles, batch_size=INSERT_ROWS)
        Through = Article.authors.through
        insert_rows(
            connection,
            Through,
            ("article_id", "author_id"),
            [
                (article.pk, authors[name.casefold()])
                for article, prepared in zip(articles, batch, strict=True)
                for name in prepared.authors
            ],
        )
        insert_rows(
            connection,
            TaggedItem,
            ("content_type_id", "object_id", "tag_id"),
            [
                (self.content_type.pk, article.pk, tags[name])
                for article, prepared in zip(articles, batch, strict=True)
                for name in prepared.tags
            ],
        )

    def _update(self, pk, prepared, authors, tags):
        article = Article.objects.get(pk=pk)
        versioned = reversion.is_registered(Article)
        if versioned and not Version.objects.get_for_object(article).exists():
            # Imported in bulk, so without history: record the state being replaced,
            # so the previous version can be restored.
            with reversion.create_revision():
                reversion.add_to_revision(article)
                reversion.set_comment("Versi sebelum diperbarui oleh impor.")
        for field, value in prepared.fields.items():
            setattr(article, field, value)
        if prepared.slug:
            article.slug = prepared.slug

        def write():
            article.save()
            article.authors.set([authors[name.casefold()] for name in prepared.authors])
            article.tags.set(Tag.objects.filter(pk__in=[tags[name] for name in prepared.tags]))

        if versioned:
            with reversion.create_revision():
                write()
                reversion.set_comment("Diperbarui oleh impor dari sumbernya.")
        else:
            write()

    def _unique_slugs(self, articles, explicit):
        """Give each new article a slug not yet used on its date (adding -2, -3, ...)."""
        taken = set(
            Article.objects.filter(slug__in={a.slug for a in articles})
            .order_by()
            .values_list("pub_date", "slug")
        )
        for article, given in zip(articles, explicit, strict=True):
            if (article.pub_date, article.slug) in taken:
                if given:
                    raise ImportFailure(f"slug '{article.slug}' sudah dipakai pada tanggal itu")
                base, number = article.slug[:290], 2
                while (article.pub_date, f"{base}-{number}") in taken or Article.objects.filter(
                    pub_date=article.pub_date, slug=f"{base}-{number}"
                ).exists():
                    number += 1
                article.slug = f"{base}-{number}"
            taken.add((article.pub_date, article.slug))

    def _author_ids(self, batch):
        """Return case-folded name -> Author pk for the batch's reporters, creating new ones."""
        first_unit = {}
        for prepared in batch:
            for name in prepared.authors:
                first_unit.setdefault(name.casefold(), (name, prepared.fields["unit_id"]))
        ids = {key: self.authors[key] for key in first_unit if key in self.authors}
        missing = [key for key in first_unit if key not in ids]
        if missing:
            for pk, name in (
                Author.objects.annotate(folded=Lower("name"))
                .filter(folded__in=missing)
                .order_by("pk")
                .values_list("pk", "name")
            ):
                ids.setdefault(name.casefold(), pk)
        create = [first_unit[key] for key in first_unit if key not in ids]
        if create:
            slugs = self._free_slugs(Author, [slugify(name) or "penulis" for name, _ in create])
            created = Author.objects.bulk_create(
                Author(name=name, slug=slug, unit_id=unit_id)
                for (name, unit_id), slug in zip(create, slugs, strict=True)
            )
            ids.update((author.name.casefold(), author.pk) for author in created)
        return ids

    def _tag_ids(self, batch):
        """Return name -> Tag pk for the batch's tags, matching existing tags case-insensitively."""
        wanted = dict.fromkeys(name for prepared in batch for name in prepared.tags)
        ids = {name: self.tags[name] for name in wanted if name in self.tags}
        missing = [name for name in wanted if name not in ids]
        if missing:
            for pk, name in (
                Tag.objects.annotate(folded=Lower("name"))
                .filter(folded__in=missing)
                .order_by("pk")
                .values_list("pk", "name")
            ):
                ids.setdefault(name.lower(), pk)
        create = [name for name in wanted if name not in ids]
        if create:
            slugs = self._free_slugs(Tag, [slugify(name) or "tag" for name in create])
            created = Tag.objects.bulk_create(
                Tag(name=name, slug=slug) for name, slug in zip(create, slugs, strict=True)
            )
            ids.update((tag.name, tag.pk) for tag in created)
        return ids

    @staticmethod
    def _free_slugs(model, wanted):
        """Return the wanted slugs made unique against the table and each other."""
        taken = set(model.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        free = []
        for slug in wanted:
            candidate, number = slug, 2
            while candidate in taken or (
                candidate != slug and model.objects.filter(slug=candidate).exists()
            ):
                candidate = f"{slug[:190]}-{number}"
                number += 1
            taken.add(candidate)
            free.append(candidate)
        return free

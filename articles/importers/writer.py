"""Writing releases: upsert by import key, in batches, every release atomically."""

import dataclasses

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Unit

from .base import ImportFailure
from .prepare import STATUSES, prepare
from .units import UnitMatcher

# Rows per INSERT statement: bounds the statement's size whatever the batch size.
INSERT_ROWS = 250


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


def _reason(error):
    """Return the first line of a database error, for a one-line report."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


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
        return prepare(release, self.matcher, unit=self.unit, status=self.status)

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

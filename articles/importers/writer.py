"""Writing releases: upsert by import key, one transaction per batch, every release atomically."""

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from reversion.models import Version
from taggit.models import Tag, TaggedItem

import pagecache
from articles.models import Article, Author, Photo, Unit

from .base import ImportFailure, Release
from .prepare import STATUSES, Prepared, prepare
from .units import UnitMatcher
from .wxr import Skipped

# Releases per savepoint and rows per INSERT: bounds memory and the statements'
# size whatever the batch size.
INSERT_ROWS = 250

Item = Release | Skipped | ImportFailure


@dataclasses.dataclass
class Summary:
    """What an import did: counts, and one line per failure and per note."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rolled_back: bool = False
    failures: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    # Units created by --create-units: "Polres Bitung (di bawah Polda Sulawesi Utara)".
    created_units: list[str] = dataclasses.field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def written(self) -> int:
        return self.created + self.updated


@dataclasses.dataclass
class Outcome:
    """What writing some releases did; counted, and its names cached, once its batch commits."""

    done: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)  # action, label
    authors: dict[str, int] = dataclasses.field(default_factory=dict)
    tags: dict[str, int] = dataclasses.field(default_factory=dict)


def write_releases(
    items: Iterable[Item],
    *,
    unit: Unit | str | None = None,
    status: str | None = None,
    batch_size: int = 500,
    report: Callable[[str], None] | None = None,
    create_units: bool = False,
) -> Summary:
    """Write the releases of items (upsert by import key); count the rest; return the Summary."""
    writer = ReleaseWriter(
        unit=unit,
        status=status,
        batch_size=batch_size,
        report=report,
        create_units=create_units,
    )
    return writer.write(items)


class ReleaseWriter:
    """Write releases in batches, each one transaction; see `write`."""

    def __init__(
        self,
        *,
        unit: Unit | str | None = None,
        status: str | None = None,
        batch_size: int = 500,
        report: Callable[[str], None] | None = None,
        create_units: bool = False,
    ):
        self.create_units = create_units
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
        self.batch_size = max(1, batch_size)
        self.report = report  # called with one line per release written, if given
        self.summary = Summary()
        # Name -> pk of the reporters and tags of committed batches only: a batch
        # rolled back must not leave the ids of rows that are gone.
        self.authors: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.content_type = ContentType.objects.get_for_model(Article)

    def write(self, items: Iterable[Item]) -> Summary:
        """Write items, batch_size releases per transaction, and return the Summary."""
        releases = self._prepared(items)
        # Each turn takes one release, then the batch pulls the rest of its share.
        for first in releases:
            self._write_batch(
                itertools.chain([first], itertools.islice(releases, self.batch_size - 1))
            )
        return self.summary

    def _prepared(self, items):
        """Yield the items' releases prepared; count failures, skipped items and notes."""
        for item in items:
            if isinstance(item, Skipped):
                self.summary.skipped += 1
            elif isinstance(item, ImportFailure):
                self.summary.failures.append(str(item))
            else:
                try:
                    prepared = prepare(
                        item,
                        self.matcher,
                        unit=self.unit,
                        status=self.status,
                        create_units=self.create_units,
                    )
                except ImportFailure as failure:
                    self._fail(failure if failure.where else failure.at(item.origin))
                    continue
                finally:
                    self._note_created_units()
                self.summary.notes.extend(f"{item.origin}: {note}" for note in prepared.notes)
                yield prepared

    def _note_created_units(self):
        """Record the units the matcher created since last asked."""
        for unit in self.matcher.created:
            above = f" (di bawah {unit.parent.name})" if unit.parent else " (tanpa induk)"
            self.summary.created_units.append(f"{unit.name}{above}")
        self.matcher.created.clear()

    def _fail(self, failure):
        self.summary.failures.append(str(failure))

    def _write_batch(self, releases):
        """Write releases in one transaction, chunk by chunk; count them once it commits."""
        outcomes = []
        try:
            with transaction.atomic():
                connection = transaction.get_connection()
                if connection.vendor == "postgresql":
                    # Foreign keys are deferred to the commit by default; checked at
                    # once, a violation is caught with its release, not by the batch.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for chunk in chunks(releases, INSERT_ROWS):
                    outcomes.extend(self._write_chunk(chunk))
                if any(action != UNCHANGED for outcome in outcomes for action, *_ in outcome.done):
                    # Bulk inserts send no signals. Inside the batch's transaction, this
                    # shares the one renewal of the page cache's marker at its commit.
                    pagecache.invalidate()
                if transaction.get_rollback():
                    # A savepoint could not be rolled back: atomic() would roll the
                    # batch back without a word.
                    raise DatabaseError("transaksi dibatalkan")
        except DatabaseError as error:
            # Nothing of the batch was written: what was counted, and what is left of
            # it, failed.
            if self.summary.created_units:
                # Units created inside the rolled-back batch are gone with it.
                self.matcher = UnitMatcher(Unit.objects.all())
                names = set(Unit.objects.values_list("name", flat=True))
                self.summary.created_units = [
                    line for line in self.summary.created_units if line.split(" (")[0] in names
                ]
            lost = [label for outcome in outcomes for _, *label in outcome.done]
            lost += [prepared.label for prepared in releases]
            for origin, _ in lost:
                self._fail(ImportFailure(f"ditolak basis data: {_reason(error)}", origin))
            return
        for outcome in outcomes:
            self._count(outcome)

    def _write_chunk(self, chunk):
        """Write a chunk in a savepoint; if it is refused, each release in its own."""
        try:
            with transaction.atomic():
                return [self._write(chunk)]
        except (DatabaseError, ImportFailure):
            pass
        outcomes = []
        for prepared in chunk:
            try:
                with transaction.atomic():
                    outcomes.append(self._write([prepared]))
            except ImportFailure as failure:
                self._fail(failure.at(prepared.origin))
            except DatabaseError as error:
                self._fail(ImportFailure(f"ditolak basis data: {_reason(error)}", prepared.origin))
        return outcomes

    def _count(self, outcome):
        for action, origin, title in outcome.done:
            counter = ACTIONS[action]
            setattr(self.summary, counter, getattr(self.summary, counter) + 1)
            if self.report:
                self.report(f"{action}: {origin}: {title}")
        self.authors.update(outcome.authors)
        self.tags.update(outcome.tags)

    def _write(self, chunk):
        """Write releases inside the caller's transaction; return the Outcome."""
        outcome = Outcome()
        existing = existing_rows([prepared.key for prepared in chunk])
        new, changed = [], []
        for prepared in chunk:
            row = existing.get(prepared.key)
            if row is None:
                new.append(prepared)
            elif row["import_hash"] == prepared.digest:
                outcome.done.append((UNCHANGED, *prepared.label))
            else:
                changed.append((row["pk"], prepared))
        if not new and not changed:
            return outcome
        writing = new + [prepared for _, prepared in changed]
        reporters = {}  # the first unit that names a reporter is the new reporter's unit
        for prepared in writing:
            for name in prepared.authors:
                reporters.setdefault(
                    name.lower(), {"name": name, "unit_id": prepared.fields["unit_id"]}
                )
        tags = {name: {"name": name} for prepared in writing for name in prepared.tags}
        outcome.authors = ids_by_name(Author, reporters, self.authors, fallback_slug="penulis")
        outcome.tags = ids_by_name(Tag, tags, self.tags, fallback_slug="tag")
        if new:
            self._create(new, outcome.authors, outcome.tags)
            outcome.done.extend(("dibuat", *prepared.label) for prepared in new)
        for pk, prepared in changed:
            self._update(pk, prepared, outcome.authors, outcome.tags)
            outcome.done.append(("diperbarui", *prepared.label))
        return outcome

    def _create(self, chunk, authors, tags):
        articles = []
        for prepared in chunk:
            article = Article(slug=prepared.slug, **prepared.fields)
            article.featured = prepared.fields.get("featured", False)
            article.derive_fields(body_is_clean=True)  # prepare() cleaned it
            articles.append(article)
        self._unique_slugs(articles, explicit=[bool(p.slug) for p in chunk])
        Article.objects.bulk_create(articles, batch_size=INSERT_ROWS)
        Through = Article.authors.through
        Through.objects.bulk_create(
            [
                Through(article_id=article.pk, author_id=author_id)
                for article, prepared in zip(articles, chunk, strict=True)
                for author_id in dict.fromkeys(authors[name.lower()] for name in prepared.authors)
            ],
            batch_size=INSERT_ROWS,
        )
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(
                    content_type_id=self.content_type.pk, object_id=article.pk, tag_id=tag_id
                )
                for article, prepared in zip(articles, chunk, strict=True)
                for tag_id in dict.fromkeys(tags[name] for name in prepared.tags)
            ],
            batch_size=INSERT_ROWS,
        )
        Photo.objects.bulk_create(
            [
                Photo(article_id=article.pk, **row)
                for article, prepared in zip(articles, chunk, strict=True)
                for row in prepared.photos or []
            ],
            batch_size=INSERT_ROWS,
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
            article.authors.set([authors[name.lower()] for name in prepared.authors])
            article.tags.set(Tag.objects.filter(pk__in=[tags[name] for name in prepared.tags]))
            if prepared.photos is not None:
                replace_photos(article, prepared.photos)

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


UNCHANGED = "tidak berubah"
ACTIONS = {"dibuat": "created", "diperbarui": "updated", UNCHANGED: "unchanged"}


def replace_photos(article: Article, rows: list[dict]) -> None:
    """Make the article's photos exactly rows (Photo fields), in order.

    A photo already there (by its stored name) is updated in place; the others are
    removed. Their files stay: older revisions refer to them.
    """
    current = {photo.image.name: photo for photo in article.photos.all()}
    keep = []
    for row in rows:
        photo = current.pop(row["image"], None) or Photo(article=article)
        for field, value in row.items():
            setattr(photo, field, value)
        photo.save()
        keep.append(photo.pk)
    article.photos.exclude(pk__in=keep).delete()


def existing_rows(keys: list[str]) -> dict[str, dict]:
    """Return import key -> {"pk", "import_key", "import_hash"} of the articles with these keys."""
    return {
        row["import_key"]: row
        # The explicit "not empty" lets PostgreSQL use the partial unique index on
        # import_key for a long IN list; without it, it scans the whole table.
        for row in Article.objects.filter(import_key__in=keys)
        .exclude(import_key="")
        .order_by()
        .values("pk", "import_key", "import_hash")
    }


def chunks(releases: Iterable[Prepared], size: int) -> Iterator[list[Prepared]]:
    """Yield lists of at most size releases.

    A key already in the list starts the next one: the same release twice is
    written once, and the second sees the first.
    """
    chunk, keys = [], set()
    for prepared in releases:
        if prepared.key in keys or len(chunk) >= size:
            yield chunk
            chunk, keys = [], set()
        chunk.append(prepared)
        keys.add(prepared.key)
    if chunk:
        yield chunk


def ids_by_name(
    model: type[models.Model], wanted: dict[str, dict], known: dict[str, int], *, fallback_slug: str
) -> dict[str, int]:
    """Return lower-case name -> pk for the wanted names, creating the missing rows.

    wanted maps each lower-case name to the fields of a new row (its name first);
    known holds pks already found. Existing rows match case-insensitively, the
    oldest first; new rows get a free slug.
    """
    ids = {name: known[name] for name in wanted if name in known}
    missing = [name for name in wanted if name not in ids]
    if missing:
        for pk, name in (
            model.objects.annotate(folded=Lower("name"))
            .filter(folded__in=missing)
            .order_by("pk")
            .values_list("pk", "name")
        ):
            ids.setdefault(name.lower(), pk)
    create = [wanted[name] for name in wanted if name not in ids]
    if create:
        slugs = free_slugs(model, [slugify(fields["name"]) or fallback_slug for fields in create])
        created = model.objects.bulk_create(
            model(slug=slug, **fields) for fields, slug in zip(create, slugs, strict=True)
        )
        ids.update((row.name.lower(), row.pk) for row in created)
    return ids


def free_slugs(model: type[models.Model], wanted: list[str]) -> list[str]:
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


def _reason(error):
    """Return the first line of a database error, for a one-line report."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__

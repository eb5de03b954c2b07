"""Writing releases: upsert by import key, one transaction per batch, every release atomically."""

import collections
import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from reversion.models import Version
from taggit.models import Tag, TaggedItem

import pagecache
from articles import images
from articles import photos as release_photos
from articles.models import Article, Author, Photo, Unit

from .base import ImportFailure, Release
from .neardup import NearDuplicates
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
    merged: int = 0
    held: int = 0  # written for review instead of published: the importer was unsure
    rolled_back: bool = False
    failures: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    # Units created by --create-units: "Polres Bitung (di bawah Polda Sulawesi Utara)".
    created_units: list[str] = dataclasses.field(default_factory=list)
    # What was skipped, by kind ("halaman": 21, "lampiran": 37, ...).
    skipped_kinds: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    merges: list[str] = dataclasses.field(default_factory=list)  # which release went into which

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
    prepared: list[Prepared] = dataclasses.field(default_factory=list)  # in the order of done
    merges: list[str] = dataclasses.field(default_factory=list)
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
    publish_unsure: bool = False,
    notify: Callable[[str, str], None] | None = None,
) -> Summary:
    """Write the releases of items (upsert by import key); count the rest; return the Summary."""
    writer = ReleaseWriter(
        unit=unit,
        status=status,
        batch_size=batch_size,
        report=report,
        create_units=create_units,
        publish_unsure=publish_unsure,
        notify=notify,
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
        publish_unsure: bool = False,
        notify: Callable[[str, str], None] | None = None,
        row: Callable[[tuple], None] | None = None,
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
        self.publish_unsure = publish_unsure
        self.row = row  # called with one report row per release, if given
        # Called as notify(kind, line) the moment a note ("catatan") or failure ("gagal") is
        # known, so an operator sees it while a long import runs.
        self.notify = notify
        self.near = NearDuplicates(stored_bodies)
        # The import keys of the new releases of the chunk being written: they are indexed at
        # once, so a copy later in the same chunk meets them before they are in the database.
        self.pending: set[str] = set()
        self.seen: dict[str, tuple[str, str]] = {}  # import key -> (digest, origin) this run
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
                self.summary.skipped_kinds[item.kind] += 1
            elif isinstance(item, ImportFailure):
                self._fail(item)
            else:
                try:
                    prepared = prepare(
                        item,
                        self.matcher,
                        unit=self.unit,
                        status=self.status,
                        create_units=self.create_units,
                        publish_unsure=self.publish_unsure,
                    )
                except ImportFailure as failure:
                    self._fail(failure if failure.where else failure.at(item.origin))
                    continue
                finally:
                    self._note_created_units()
                first = self.seen.setdefault(prepared.key, (prepared.digest, prepared.origin))
                if first[0] != prepared.digest:
                    # The same release twice in one run, different each time (one post in
                    # two exports of its site): the first stays, so that running the same
                    # files again changes nothing instead of swapping the two every time.
                    self.summary.skipped += 1
                    self.summary.skipped_kinds["salinan lain dalam impor ini"] += 1
                    line = (
                        f"{item.origin}: rilis yang sama (kunci impor sama) sudah dibaca dari "
                        f"{first[1]} dengan isi lain; yang pertama dipakai"
                    )
                    self.summary.notes.append(line)
                    self._row(
                        (
                            item.origin,
                            "dilewati",
                            prepared.fields["title"],
                            prepared.unit_name,
                            "",
                            line,
                        )
                    )
                    if self.notify:
                        self.notify("catatan", line)
                    continue
                held = "; diimpor untuk ditinjau editor, tidak diterbitkan" if prepared.held else ""
                doubts = [f"perlu dicek: {doubt}{held}" for doubt in prepared.doubts]
                for note in [*doubts, *prepared.notes]:
                    line = f"{item.origin}: {note}"
                    self.summary.notes.append(line)
                    if self.notify:
                        self.notify("catatan", line)
                yield prepared

    def _row(self, row):
        """Hand one report row (file, outcome, title, unit, date, notes) to the report."""
        if self.row:
            self.row(row)

    def _note_created_units(self):
        """Record the units the matcher created since last asked."""
        for unit in self.matcher.created:
            above = f" (di bawah {unit.parent.name})" if unit.parent else " (tanpa induk)"
            self.summary.created_units.append(f"{unit.name}{above}")
        self.matcher.created.clear()

    def _fail(self, failure):
        self.summary.failures.append(str(failure))
        self._row((failure.where, "gagal", "", "", "", failure.reason))
        if self.notify:
            self.notify("gagal", str(failure))

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
        for (action, origin, title), prepared in zip(outcome.done, outcome.prepared, strict=True):
            counter = ACTIONS[action]
            setattr(self.summary, counter, getattr(self.summary, counter) + 1)
            held = prepared.held and action in ("dibuat", "diperbarui")
            self.summary.held += held
            if self.report:
                self.report(f"{action}: {origin}: {title}")
            published_at = prepared.fields["published_at"]
            self._row(
                (
                    origin,
                    f"{action}, ditahan untuk ditinjau" if held else action,
                    title,
                    prepared.unit_name,
                    timezone.localtime(published_at).isoformat() if published_at else "",
                    "; ".join([*(f"perlu dicek: {d}" for d in prepared.doubts), *prepared.notes]),
                )
            )
        self.summary.merges.extend(outcome.merges)
        self.authors.update(outcome.authors)
        self.tags.update(outcome.tags)

    def _write(self, chunk):
        """Write releases inside the caller's transaction; return the Outcome."""
        outcome = Outcome()
        existing = existing_rows([prepared.key for prepared in chunk])
        new, changed, later = [], [], []
        self.pending = set()
        self.near.preload(
            {self._day(prepared) for prepared in chunk if prepared.key not in existing}
        )
        for prepared in chunk:
            row = existing.get(prepared.key)
            if row is None:
                copy_of = self._near_duplicate(prepared)
                if copy_of is PENDING:
                    # A copy of a release of this chunk: decided once that one is written.
                    later.append(prepared)
                    continue
                same_source = (
                    copy_of is not None
                    and copy_of.source_name.casefold() == prepared.fields["source_name"].casefold()
                )
                if copy_of is None or (same_source and prepared.keyed_by_source):
                    new.append(prepared)
                    self.pending.add(prepared.key)
                    if copy_of is not None:
                        self.near.add(prepared.key, self._day(prepared), prepared.fields["body"])
                elif same_source:
                    # The same source again with small changes: a corrected copy, which
                    # replaces the release rather than standing beside it as a "-2".
                    changed.append((copy_of.pk, prepared))
                    outcome.merges.append(
                        f"{prepared.origin}: salinan perbaikan dari «{copy_of.title}», "
                        "rilis itu diperbarui"
                    )
                else:
                    self._merge(copy_of, prepared, outcome)
            elif row["import_hash"] == prepared.digest:
                outcome.done.append((UNCHANGED, *prepared.label))
                outcome.prepared.append(prepared)
            else:
                changed.append((row["pk"], prepared))
        if not new and not changed:
            return self._write_later(later, outcome)
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
            outcome.prepared.extend(new)
        for pk, prepared in changed:
            self._update(pk, prepared, outcome.authors, outcome.tags)
            outcome.done.append(("diperbarui", *prepared.label))
            outcome.prepared.append(prepared)
        return self._write_later(later, outcome)

    def _write_later(self, later, outcome):
        """Write the copies of this chunk's new releases, now that those are written."""
        self.pending = set()
        if not later:
            return outcome
        more = self._write(later)
        outcome.done.extend(more.done)
        outcome.prepared.extend(more.prepared)
        outcome.merges.extend(more.merges)
        outcome.authors.update(more.authors)
        outcome.tags.update(more.tags)
        return outcome

    def _near_duplicate(self, prepared):
        """Return the stored Article this new release nearly copies, PENDING, or None.

        PENDING: it copies a new release of the chunk not written yet. A release that is no
        copy is indexed at once (see neardup), for the releases after it.
        """
        day = self._day(prepared)
        name, score, found = self.near.find(day, prepared.fields["body"], exclude=prepared.key)
        if name in self.pending:
            return PENDING
        if name is not None:
            if name.startswith("pk:"):
                found = Article.objects.filter(pk=int(name[3:]))
            else:
                found = Article.objects.filter(import_key=name).exclude(import_key="")
            article = found.only("pk", "title", "source_name").first()
            if article is not None:
                prepared.similarity = score
                return article
        self.near.add(prepared.key, day, prepared.fields["body"], found)
        return None

    @staticmethod
    def _day(prepared):
        published_at = prepared.fields["published_at"]
        return timezone.localdate(published_at) if published_at else None

    def _merge(self, article, prepared, outcome):
        """Keep one release: note the other source on it instead of publishing the copy."""
        source = " ".join(
            part for part in (prepared.fields["source_name"], prepared.fields["source_url"]) if part
        )
        line = f"Digabung: juga dimuat oleh {source or prepared.origin}"
        notes = Article.objects.filter(pk=article.pk).values_list("import_notes", flat=True)[0]
        if line in notes.splitlines():
            action = UNCHANGED
        else:
            Article.objects.filter(pk=article.pk).update(
                import_notes="\n".join(filter(None, [notes, line]))
            )
            action = MERGED
        outcome.done.append((action, *prepared.label))
        outcome.prepared.append(prepared)
        outcome.merges.append(
            f"{prepared.origin}: «{prepared.fields['title']}» digabung dengan rilis "
            f"«{article.title}» (kemiripan {getattr(prepared, 'similarity', 0):.2f})"
        )

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
        for article, prepared in zip(articles, chunk, strict=True):
            store_photo(article, prepared)  # a file brought in (--media), once the row exists

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
            store_photo(article, prepared)

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
PENDING = object()  # _near_duplicate: a copy of a release not written yet
MERGED = "digabung"
ACTIONS = {"dibuat": "created", "diperbarui": "updated", UNCHANGED: "unchanged", MERGED: "merged"}


def store_photo(article, prepared):
    """Store the photo file a release names (--media) as its main photo, as an upload is.

    prepare() checked it already; it is read and checked again here, as it is only now
    written: the stored image is re-encoded, without its metadata, with its renditions.
    """
    if not prepared.photo_file:
        return
    try:
        with open(prepared.photo_file["file"], "rb") as stream:
            data = stream.read(images.MAX_BYTES + 1)
        article.photos.all().delete()
        release_photos.add_photo(
            article,
            data,
            alt_text=prepared.photo_file.get("alt_text", ""),
            caption=prepared.photo_file.get("caption", ""),
            credit=prepared.photo_file.get("credit", ""),
            order=0,
        )
    except (OSError, ValidationError) as error:
        raise ImportFailure(f"foto utama tidak dapat disimpan: {error}") from None


def stored_bodies(days):
    """Return [(name, day, body)] of the stored releases of these days, for NearDuplicates."""
    return [
        (key or f"pk:{pk}", day, body)
        for key, pk, day, body in Article.objects.filter(pub_date__in=days)
        .order_by()
        .values_list("import_key", "pk", "pub_date", "body")
    ]


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

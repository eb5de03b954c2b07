"""Fill the bench database with 100,000 generated releases over 30 units and 300 tags, once.

Run through `make bench-data` (or `make bench`, which calls it: bench/run.py). A database that already holds
the generated releases is left as it is.
"""

import datetime
import random
import time

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

import pagecache
from articles.models import Article, Author, Unit

RELEASES = 100_000
# Beyond the visible ones, drafts and scheduled releases that no public page may show.
HIDDEN = 200
UNITS = 30
TAGS = 300
AUTHORS = 60
KEY_PREFIX = "bench-"
BATCH = 2_000

PLACES = [
    "Jember", "Banyuwangi", "Bondowoso", "Situbondo", "Lumajang", "Probolinggo", "Pasuruan",
    "Malang", "Batu", "Kediri", "Blitar", "Tulungagung", "Trenggalek", "Madiun", "Ngawi",
    "Magetan", "Ponorogo", "Pacitan", "Nganjuk", "Jombang", "Mojokerto", "Sidoarjo", "Gresik",
    "Lamongan", "Tuban", "Bojonegoro", "Sampang", "Pamekasan", "Sumenep",
]  # fmt: skip
TEXT = (
    "polisi personel patroli warga keamanan ketertiban masyarakat lalu lintas operasi "
    "pengamanan kegiatan wilayah hukum kapolres kapolsek jajaran giat sosialisasi himbauan "
    "pelaku barang bukti penyidik tersangka laporan kejadian pemilu logistik rapat koordinasi "
    "bantuan sosial bencana banjir jalan raya pengendara helm razia narkoba pencurian sepeda "
    "motor rumah desa kecamatan kabupaten pasar sekolah pelajar ibadah gereja masjid tokoh agama"
)
WORDS = TEXT.split()
# Village names make searches that match about a hundred releases, as real searches do.
VILLAGES = [f"sukamaju{i}" for i in range(1000)]
VERBS = ["Gelar", "Amankan", "Laksanakan", "Ungkap", "Tangkap", "Bagikan", "Imbau", "Pantau"]


def is_filled():
    return Article.objects.filter(import_key__startswith=KEY_PREFIX).count() == RELEASES + HIDDEN


def sentence(rng, words):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_units(rng):
    polda = Unit(name="Polda Bench Jawa Timur", slug="bench-polda", kind=Unit.Kind.POLDA)
    polda.save()
    zones = [Unit.TimeZone.WIB] * 4 + [Unit.TimeZone.WITA, Unit.TimeZone.WIT]
    units = [polda]
    for i, place in enumerate(PLACES[: UNITS - 1]):
        parent = polda if i < 5 else units[1 + i % 5]
        kind = Unit.Kind.POLRES if i < 5 else rng.choice([Unit.Kind.POLSEK, Unit.Kind.SATUAN])
        prefix = {"polres": "Polres", "polsek": "Polsek", "satuan": "Satlantas"}[kind]
        unit = Unit(
            name=f"{prefix} {place} (bench)",
            slug=f"bench-{slugify(prefix)}-{slugify(place)}",
            kind=kind,
            parent=parent,
            time_zone=rng.choice(zones),
        )
        unit.save()
        units.append(unit)
    return units


def fill(stdout=print):
    """Write the generated releases in batches, then let PostgreSQL refresh its statistics."""
    if is_filled():
        stdout(f"bench data: the {RELEASES} generated releases are there already")
        return
    rng = random.Random(5)
    started = time.monotonic()
    with transaction.atomic():
        Article.objects.filter(import_key__startswith=KEY_PREFIX).delete()
        units = make_units(rng)
        authors = Author.objects.bulk_create(
            Author(name=f"Wartawan Bench {i}", slug=f"bench-wartawan-{i}", unit=rng.choice(units))
            for i in range(AUTHORS)
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"{rng.choice(WORDS).title()} Bench {i}", slug=f"bench-tag-{i}")
            for i in range(TAGS)
        )
        # A few tags are used a lot and most rarely, as on a real site.
        tag_weights = [1 / (rank + 1) for rank in range(TAGS)]
        content_type = ContentType.objects.get_for_model(Article)
        now = timezone.now()
        span = 4 * 365 * 24 * 3600
        total = RELEASES + HIDDEN
        for first in range(0, total, BATCH):
            batch = []
            for i in range(first, min(first + BATCH, total)):
                unit = units[i % UNITS]
                place = unit.name.split()[1]
                status, published_at = (
                    Article.Status.PUBLISHED,
                    now - datetime.timedelta(seconds=rng.randrange(3600, span)),
                )
                if RELEASES <= i < RELEASES + HIDDEN // 2:
                    status = Article.Status.DRAFT
                elif i >= RELEASES:
                    published_at = now + datetime.timedelta(days=rng.randrange(1, 30))
                title = f"{unit.name.split(' (')[0]} {rng.choice(VERBS)} {sentence(rng, 6)[:-1]}"
                article = Article(
                    title=title[:300],
                    slug=f"{slugify(title)[:250]}-{i}",
                    dateline=place,
                    lead=f"Warga desa {rng.choice(VILLAGES)}: {sentence(rng, 22)}",
                    body="".join(
                        f"<p>{place} - {sentence(rng, 40)}</p>"
                        if n == 0
                        else f"<p>{sentence(rng, 40)}</p>"
                        for n in range(5)
                    ),
                    unit=unit,
                    status=status,
                    published_at=published_at,
                    featured=i % 101 == 0,
                    editor_initials="AR",
                    source_name="bench",
                    import_key=f"{KEY_PREFIX}{i}",
                )
                article.derive_fields()
                batch.append(article)
            Article.objects.bulk_create(batch)
            Article.authors.through.objects.bulk_create(
                Article.authors.through(article_id=a.pk, author_id=author.pk)
                for a in batch
                for author in rng.sample(authors, rng.choice([1, 1, 2]))
            )
            TaggedItem.objects.bulk_create(
                TaggedItem(content_type=content_type, object_id=a.pk, tag_id=tag.pk)
                for a in batch
                for tag in set(rng.choices(tags, weights=tag_weights, k=3))
            )
            stdout(f"bench data: {first + len(batch)} releases")
    pagecache.invalidate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    stdout(f"bench data: filled in {time.monotonic() - started:.0f} s")

"""Which unit a release belongs to, from the names written in it."""

import dataclasses
import re
import urllib.parse
from collections.abc import Iterable

from django.utils.text import slugify

from articles.html import html_to_text
from articles.models import Unit

from .base import ImportFailure, Release

# "Satlantas" / "Sat Lantas": a functional unit's name, written with or without the space.
SAT_PREFIX = re.compile(r"^sat(?=[a-z])")
SAT_SPACE = re.compile(r"^sat\s+")
# "Polres Bitung", "Kapolres Kukar", "Polda Sulawesi Utara": a unit's kind, then its place.
KINDS = {
    "polda": Unit.Kind.POLDA,
    "polrestabes": Unit.Kind.POLRES,
    "polresta": Unit.Kind.POLRES,
    "polres": Unit.Kind.POLRES,
    "polsekta": Unit.Kind.POLSEK,
    "polsek": Unit.Kind.POLSEK,
}
MENTION = re.compile(
    r"(?<!\w)(?:waka|ka)?(?P<kind>polda|polrestabes|polresta|polres|polsekta|polsek)"
    r"\s+(?P<rest>[^\s,.;:()\"“”]+(?:\s+[^\s,.;:()\"“”]+){0,3})",
    re.IGNORECASE,
)
# Words that end a unit's place name: ranks, conjunctions, and what follows a name in titles.
NOT_A_PLACE = {
    "akbp", "akp", "kompol", "kombes", "kombespol", "iptu", "ipda", "aiptu", "aipda", "bripka",
    "brigpol", "briptu", "bripda", "bharaka", "bharatu", "bharada", "irjen", "brigjen", "jenderal",
    "pol", "dan", "bersama", "beserta", "serta", "di", "ke", "dari", "yang", "untuk", "saat",
    "jajaran", "melalui", "menggelar", "gelar", "melaksanakan", "laksanakan", "amankan",
    "mengamankan", "berhasil", "tangkap", "menangkap", "ungkap", "mengungkap", "bagikan",
    "ikuti", "pimpin", "gandeng", "sosialisasi", "terus", "kembali", "hadiri", "menghadiri",
}  # fmt: skip
# A position in a unit's section: "Kasi Humas Polres Jember" is the Polres's Kasi Humas,
# not a release of the unit "Humas Polres Jember".
POSITION_BEFORE = re.compile(
    r"(?<!\w)(?:kasi|kasubsi|kasubbag|kasubag|kasie|kaur|paur|kanit|panit|bamin|banum|ps\.?|"
    r"plt\.?)(?:\s+\w+)?\s+$",
    re.IGNORECASE,
)
FOLLOWING_UNIT = re.compile(
    r"\s+(?:di\s+|dari\s+)?(?=(?:waka|ka)?(?:polda|polres|polsek)\w*\s)", re.I
)

# The zone of each Polda's province (WIB unless listed), by the names releases use.
WITA = Unit.TimeZone.WITA
WIT = Unit.TimeZone.WIT
PROVINCE_ZONES = {
    "kalimantan timur": WITA, "kaltim": WITA, "kalimantan utara": WITA, "kaltara": WITA,
    "kalimantan selatan": WITA, "kalsel": WITA, "sulawesi utara": WITA, "sulut": WITA,
    "sulawesi tengah": WITA, "sulteng": WITA, "sulawesi selatan": WITA, "sulsel": WITA,
    "sulawesi tenggara": WITA, "sultra": WITA, "sulawesi barat": WITA, "sulbar": WITA,
    "gorontalo": WITA, "bali": WITA, "nusa tenggara barat": WITA, "ntb": WITA,
    "nusa tenggara timur": WITA, "ntt": WITA, "maluku": WIT, "maluku utara": WIT, "malut": WIT,
    "papua": WIT, "papua barat": WIT, "papua barat daya": WIT, "papua tengah": WIT,
    "papua selatan": WIT, "papua pegunungan": WIT,
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Mention:
    """A unit named in a text: known (unit set) or not in the database (name only)."""

    position: int
    name: str
    kind: str = ""
    unit: Unit | None = None
    end: int = 0


class UnknownUnit(ImportFailure):
    """The release names a unit that is not in the database."""

    def __init__(self, mention: Mention):
        self.mention = mention
        super().__init__(
            f"satuan '{mention.name}' tidak ada di basis data; rilis tidak dimasukkan ke satuan "
            "lain. Tambahkan satuan itu (atau nama lainnya) di admin, atau impor dengan "
            "--create-units"
        )


class UnitMatcher:
    """Recognise the unit a release belongs to, from names written in its text.

    The unit named first in the title wins, else the first unit named in the body;
    at one position the longest name or alias wins ("Satlantas Polres Jember" over
    "Polres Jember"), and a "Ka" prefix counts ("Kapolsek Kaliwates" names Polsek
    Kaliwates). A position in a section names the unit above it ("Kasi Humas Polres
    Jember" names Polres Jember), and an alias followed by another unit's name
    ("Satlantas Polres Bitung") is that other unit's. A unit named first that is
    not in the database ("Polres Bitung") is never replaced by another: see
    `resolve`. Without a name, a source address on a unit's website decides, then the
    name of the site that published it (a WordPress export's "Humas Polres Jember"), else
    the default (the first Polres, or the first unit), noted as a doubt.
    """

    def __init__(self, units: Iterable[Unit]):
        self.units = list(units)
        self.created: list[Unit] = []
        self._index()
        polres = [unit for unit in self.units if unit.kind == Unit.Kind.POLRES]
        ordered = sorted(polres or self.units, key=lambda unit: unit.pk)
        self.default = ordered[0] if ordered else None

    def _index(self):
        self.by_name = {}
        for unit in self.units:
            for alias in unit.alias_list:
                self.by_name.setdefault(alias.casefold(), unit)
        # A unit's own name wins over another unit's alias.
        self.by_name.update({unit.name.casefold(): unit for unit in self.units})
        self.by_slug = {unit.slug: unit for unit in self.units}
        self.parents = {unit.pk: unit.parent_id for unit in self.units}
        self.by_host = {
            urllib.parse.urlsplit(unit.website).netloc.lower(): unit
            for unit in self.units
            if unit.website
        }
        names = sorted(self.by_name, key=len, reverse=True)
        # "Sat Resnarkoba" is written as often as "Satresnarkoba".
        alternatives = "|".join(
            SAT_PREFIX.sub(r"sat\\s*", r"\s+".join(map(re.escape, name.split()))) for name in names
        )
        self.pattern = (
            re.compile(rf"(?<!\w)(?:waka|ka)?({alternatives})(?!\w)", re.IGNORECASE)
            if names
            else None
        )

    def lookup(self, name: str) -> Unit | None:
        key = " ".join(name.split()).casefold()
        return self.by_name.get(key) or self.by_name.get(SAT_SPACE.sub("sat", key))

    def named_in(self, text: str) -> Unit | None:
        """Return the known unit named first in text (the longest name at a position), if any."""
        return next((m.unit for m in self.known_mentions(text)), None)

    def known_mentions(self, text: str):
        """Yield the Mentions of units in the database, in order."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            unit = self.lookup(match.group(1))
            if POSITION_BEFORE.search(text, max(0, match.start() - 30), match.start()):
                # "Kasi Humas Polres Jember": the unit is what follows the section's name.
                rest = match.group(1).split(maxsplit=1)
                inner = self.pattern.fullmatch(rest[1]) if len(rest) > 1 else None
                if inner is None:
                    continue
                unit = self.lookup(inner.group(1))
            following = FOLLOWING_UNIT.match(text, match.end())
            if following and unit is not None:
                after = self.place_mention(text, following.end(), title_case=False)
                if after and (after.unit is None or not self._within(unit, after.unit)):
                    continue  # "Satlantas Polres Bitung": an alias of another Polres's unit
            if unit is not None:
                yield Mention(match.start(), unit.name, unit.kind, unit, match.end())

    def _within(self, unit, other):
        """Return True if other is unit or one of the units above it."""
        pk = unit.pk
        for _ in range(5):
            if pk is None:
                return False
            if pk == other.pk:
                return True
            pk = self.parents.get(pk)
        return False

    def place_mention(self, text: str, start: int = 0, *, title_case: bool) -> Mention | None:
        """Return the "Polres X" written at text[start:], known or not, else None."""
        match = MENTION.match(text, start)
        if not match:
            return None
        return self._mention(match, title_case)

    def _mention(self, match, title_case):
        kind = match.group("kind")
        words = []
        for word in match.group("rest").split():
            if not word[:1].isupper() or word.casefold() in NOT_A_PLACE:
                break
            words.append(word)
        if not words:
            return None
        for size in range(len(words), 0, -1):
            unit = self.lookup(f"{kind} {' '.join(words[:size])}")
            if unit:
                return Mention(match.start(), unit.name, unit.kind, unit, match.end())
        # In a title every word is capitalised: only the first is surely the place.
        words = words[:1] if title_case else words[:3]
        place = " ".join(word if not word.isupper() else word.title() for word in words)
        if len(place) > 2 and place.isupper():
            place = place.title()
        return Mention(
            match.start(), f"{kind.title()} {place}", KINDS[kind.lower()], None, match.end()
        )

    def mentions(self, text: str, *, title_case: bool = False) -> list[Mention]:
        """Return every unit named in text, known or not, in order of position."""
        found = {m.position: m for m in self.known_mentions(text)}
        covered = [(m.position, m.end) for m in found.values()]
        for match in MENTION.finditer(text):
            if any(start <= match.start("kind") < end for start, end in covered):
                continue
            mention = self._mention(match, title_case)
            if mention and mention.unit is None:
                found.setdefault(mention.position, mention)
        return [found[position] for position in sorted(found)]

    def first_mention(self, text: str, *, title_case: bool = False) -> Mention | None:
        """Return the unit named first in text, known or not (mentions()[0], read lazily)."""
        known = next(self.known_mentions(text), None)
        for match in MENTION.finditer(text):
            if known is not None and match.start("kind") >= known.position:
                break
            mention = self._mention(match, title_case)
            if mention is not None and mention.unit is None:
                return mention
        return known

    def site_mention(self, site_name: str) -> Mention | None:
        """Return the Polda, Polres or Polsek a site's name names, known or not, else None.

        The site of "Humas Polres Jember" publishes the releases of Polres Jember: the
        command's place in the name decides, not a section ("Humas") that is also a unit.
        """
        for match in MENTION.finditer(site_name):
            mention = self._mention(match, title_case=False)
            if mention is not None:
                return mention
        return None

    def resolve(self, release: Release) -> tuple[Unit, list[str]]:
        """Return (unit, doubts) for a release; raise UnknownUnit for a unit not in the database."""
        for name in release.unit_names:
            unit = self.lookup(name) or self.by_slug.get(slugify(name))
            if unit:
                return unit, []
        for title_case in (True, False):
            text = release.title if title_case else html_to_text(release.body)
            first = self.first_mention(text, title_case=title_case)
            if first is not None:
                if first.unit is None and title_case:
                    # The body spells the place in sentence case: "Polres Kutai Kartanegara".
                    body = html_to_text(release.body)
                    first = next(
                        (m for m in self.mentions(body) if m.name.startswith(first.name)), first
                    )
                if first.unit is None:
                    raise UnknownUnit(first)
                return first.unit, []
        if release.source_url:
            unit = self.by_host.get(urllib.parse.urlsplit(release.source_url).netloc.lower())
            if unit:
                return unit, []
        site = self.site_mention(release.site_name)
        if site is not None:
            if site.unit is None:
                raise UnknownUnit(site)
            return site.unit, []
        return self.default, [
            f"rilis tidak menyebut satuannya; dimasukkan ke satuan bawaan {self.default.name}"
        ]

    def match(self, release: Release) -> Unit | None:
        """Return the unit of a release (see resolve); None if it names a unit not in the database."""
        try:
            return self.resolve(release)[0]
        except UnknownUnit:
            return None

    def create(self, mention: Mention, release: Release) -> tuple[Unit, list[str]]:
        """Create the unit a release names, under the unit above it if the text names that.

        A Polres goes under the Polda the text names (created too if missing), a
        Polsek under the Polres; the zone is the province's (a Polda) or the parent's.
        Returns (unit, doubts): a unit whose parent the text does not name is a doubt.
        """
        existing = self.lookup(mention.name)
        if existing:
            return existing, []
        text = f"{release.title}\n{html_to_text(release.body)}"
        above = {Unit.Kind.POLRES: Unit.Kind.POLDA, Unit.Kind.POLSEK: Unit.Kind.POLRES}
        parent, doubts = None, []
        if mention.kind in above:
            wanted = above[mention.kind]
            candidate = next(
                (m for m in self.mentions(text) if m.kind == wanted and m.name != mention.name),
                None,
            )
            if candidate is not None:
                parent = candidate.unit or self.create(candidate, release)[0]
            else:
                doubts.append(
                    f"satuan {mention.name} dibuat tanpa induk: rilis tidak menyebut "
                    f"{Unit.Kind(wanted).label}-nya"
                )
        if mention.kind == Unit.Kind.POLDA:
            province = mention.name.split(maxsplit=1)[1].casefold()
            zone = PROVINCE_ZONES.get(province, Unit.TimeZone.WIB)
        else:
            zone = parent.time_zone if parent else Unit.TimeZone.WIB
        slug = base = slugify(mention.name)[:190] or "satuan"
        number = 2
        while slug in self.by_slug or Unit.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        unit = Unit.objects.create(
            name=mention.name,
            slug=slug,
            kind=mention.kind,
            parent=parent,
            time_zone=zone,
            description="Dibuat oleh impor rilis.",
        )
        self.units.append(unit)
        self.created.append(unit)
        self._index()
        return unit, doubts

"""Which unit a release belongs to, from the names written in it."""

import re
import urllib.parse
from collections.abc import Iterable

from django.utils.text import slugify

from articles.html import html_to_text
from articles.models import Unit

from .base import Release


class UnitMatcher:
    """Recognise the unit a release belongs to, from names written in its text.

    The unit named in the title wins, else the first unit named in the body; at
    one position the longest name wins ("Satlantas Polres Jember" over "Polres
    Jember"), and a "Ka" prefix counts ("Kapolsek Kaliwates" names Polsek
    Kaliwates). A Polres release that mentions a Polsek later stays the Polres's.
    Without a name, a source address on a unit's website decides, else the default:
    the first Polres, or the first unit.
    """

    def __init__(self, units: Iterable[Unit]):
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

    def named_in(self, text: str) -> Unit | None:
        """Return the unit named first in text (the longest name at a position), if any."""
        if self.pattern is None:
            return None
        match = self.pattern.search(text)
        return self.by_name.get(" ".join(match.group(1).split()).casefold()) if match else None

    def match(self, release: Release) -> Unit | None:
        """Return the unit named by the source, else by the text or the host, else the default."""
        for name in release.unit_names:
            unit = self.by_name.get(name.casefold()) or self.by_slug.get(slugify(name))
            if unit:
                return unit
        unit = self.named_in(release.title) or self.named_in(html_to_text(release.body))
        if unit is None and release.source_url:
            unit = self.by_host.get(urllib.parse.urlsplit(release.source_url).netloc.lower())
        return unit or self.default

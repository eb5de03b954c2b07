"""Near-duplicates: the same release reached several portals with small edits.

A release's text becomes a set of word shingles (five words in a row); two releases whose
sets overlap by THRESHOLD or more (Jaccard similarity), published on the same day or a day
apart, are one release. MinHash signatures in a locality-sensitive index (datasketch) find
the candidates without comparing every pair; the exact overlap then decides.

THRESHOLD was measured on invented pairs (tests/importers/test_neardup.py): copies of a
release with the edits portals make (another dateline, byline or sign-off, a sentence added
or cut, typos fixed) overlap by 0.62 to 0.95; different releases of one unit on one day,
written from the same phrases (patrols, Friday blessings, traffic checks), by 0.05 to 0.36.
0.5 sits between the two with room on both sides.
"""

import datetime

from datasketch import MinHash, MinHashLSH

from articles.html import html_to_text

THRESHOLD = 0.7
SHINGLE_WORDS = 5
PERMUTATIONS = 64
# A body shorter than this many words is too short to call a copy by its words alone.
MIN_WORDS = 25


def shingles(markup: str) -> set[bytes]:
    """Return the five-word shingles of an HTML body's text, case-folded."""
    words = "".join(c if c.isalnum() else " " for c in html_to_text(markup).casefold()).split()
    if len(words) < MIN_WORDS:
        return set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def similarity(first: set, second: set) -> float:
    """Return the Jaccard similarity of two shingle sets (0 when either is empty)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


class NearDuplicates:
    """An index of releases by their text, for one import run.

    Releases already in the database are added a day at a time, the first time a release of
    that day or the next is looked up, so a run reads only the days it touches.
    """

    def __init__(self, load):
        # load(dates) returns [(name, day, body)] of the stored releases of those days.
        self.load = load
        self.index = MinHashLSH(threshold=THRESHOLD * 0.8, num_perm=PERMUTATIONS)
        self.sets: dict[str, tuple[datetime.date | None, set]] = {}
        self.loaded: set[datetime.date] = set()

    def _signature(self, words):
        signature = MinHash(num_perm=PERMUTATIONS, seed=1)
        signature.update_batch(list(words))
        return signature

    def add(self, name: str, day, body: str, words=None) -> None:
        words = shingles(body) if words is None else words
        if not words or name in self.sets:
            return
        self.sets[name] = (day, words)
        self.index.insert(name, self._signature(words))

    def discard(self, name: str) -> None:
        if name in self.sets:
            del self.sets[name]
            self.index.remove(name)

    def find(self, day, body: str, exclude: str = "") -> tuple[str | None, float, set]:
        """Return (name, similarity, shingles) of the closest release a day apart at most."""
        words = shingles(body)
        if not words or day is None:
            return None, 0.0, words
        days = {day + datetime.timedelta(days=delta) for delta in (-1, 0, 1)}
        missing = sorted(days - self.loaded)
        if missing:
            self.loaded.update(missing)
            for name, other_day, other_body in self.load(missing):
                self.add(name, other_day, other_body)
        best, best_score = None, 0.0
        for name in self.index.query(self._signature(words)):
            other_day, other_words = self.sets[name]
            if other_day not in days or name == exclude:
                continue
            score = similarity(words, other_words)
            if score >= THRESHOLD and (score, name) > (best_score, best or ""):
                best, best_score = name, score
        return best, best_score, words

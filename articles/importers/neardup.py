"""Near-duplicates: the same release reached several portals with small edits.

A release's text becomes a set of word shingles (five words in a row); two releases whose
sets overlap by THRESHOLD or more (Jaccard similarity), published on the same day or a day
apart, are one release. MinHash signatures (datasketch) of the releases of those three days
estimate the overlap in one vectorised comparison; for a candidate near the threshold the
exact overlap decides, computed from the shingles' hashes the index keeps (no query). The estimate errs by about 0.06 (64 permutations), so
candidates are taken from THRESHOLD - 0.15, three such errors below.

THRESHOLD was measured on invented pairs (tests/importers/test_neardup.py): copies of a
release with the edits portals make (another dateline and byline, a sign-off with typos
fixed, a sentence added or cut, the headline repeated on top) overlap by 0.76 to 0.93;
different releases of one unit on one day, written from the same phrases, by 0.00 to 0.08;
the 20,000 generated releases of the import benchmark, drawn from one pool of seven
sentences (the worst case of template writing), by 0.17 to 0.56. 0.7 sits above the last
with room below the first.
"""

import datetime
import re

import numpy as np
from datasketch import MinHash

from articles.html import html_to_text

THRESHOLD = 0.7
SHINGLE_WORDS = 5
PERMUTATIONS = 64
# A body shorter than this many words is too short to call a copy by its words alone.
MIN_WORDS = 25
WORD = re.compile(r"\w+")
# The permutations depend only on the seed: made once, not for every signature (most of
# its cost).
PERMUTATIONS_OF_SEED = MinHash(num_perm=PERMUTATIONS, seed=1).permutations
CANDIDATE = THRESHOLD - 0.15


def shingles(markup: str) -> set[tuple[str, ...]]:
    """Return the five-word shingles of an HTML body's text, case-folded."""
    words = WORD.findall(html_to_text(markup).casefold())
    if len(words) < MIN_WORDS:
        return set()
    return set(zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False))


def shingle_hash(shingle: tuple[str, ...]) -> int:
    """Return a 32-bit hash of a shingle: Python's own, as an index lives for one run only."""
    return hash(shingle) & 0xFFFFFFFF


def shingle_hashes(words: set) -> np.ndarray:
    """Return the sorted, distinct 32-bit hashes of a set of shingles."""
    return np.unique(np.fromiter(map(shingle_hash, words), dtype=np.uint64, count=len(words)))


def hashed_similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Return the Jaccard similarity of two shingle_hashes arrays (0 when either is empty).

    The same as similarity() of the shingles but for hash collisions, which among the few
    hundred shingles of two releases are about one chance in ten million.
    """
    if not len(first) or not len(second):
        return 0.0
    common = len(np.intersect1d(first, second, assume_unique=True))
    return common / (len(first) + len(second) - common)


def similarity(first: set, second: set) -> float:
    """Return the Jaccard similarity of two shingle sets (0 when either is empty)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


class NearDuplicates:
    """An index of releases by their text, for one import run.

    Releases already in the database are added a day at a time, the first time a release of
    that day or the next is looked up, so a run reads only the days it touches. The index
    keeps, by day, signatures and the hashes of the shingles (about a kilobyte a release),
    never the texts: a candidate is decided without reading it back.
    """

    def __init__(self, load):
        # load(dates) returns [(name, day, body)] of the stored releases of those days.
        self.load = load
        self.days: dict[datetime.date, tuple[list[str], list[np.ndarray]]] = {}
        self.hashes: dict[str, np.ndarray] = {}
        self.stacked: dict[datetime.date, np.ndarray] = {}
        self.names: set[str] = set()
        self.loaded: set[datetime.date] = set()

    @staticmethod
    def signature(hashes: np.ndarray) -> np.ndarray:
        """Return the MinHash signature of a release from its shingle_hashes."""
        minhash = MinHash(
            num_perm=PERMUTATIONS, seed=1, hashfunc=int, permutations=PERMUTATIONS_OF_SEED
        )
        minhash.update_batch(hashes)
        return minhash.hashvalues

    def add(self, name: str, day, body: str, found=None) -> None:
        """Index a release; found: (hashes, signature) as find() returned them, if it did."""
        if name in self.names or day is None:
            return
        if found is None:
            words = shingles(body)
            if not words:
                return
            hashes = shingle_hashes(words)
            found = hashes, self.signature(hashes)
        hashes, signature = found
        self.names.add(name)
        self.hashes[name] = hashes
        names, rows = self.days.setdefault(day, ([], []))
        names.append(name)
        rows.append(signature)
        self.stacked.pop(day, None)

    def preload(self, days) -> None:
        """Index the stored releases of these days and their neighbours, in one query."""
        wanted = {
            day + datetime.timedelta(days=delta)
            for day in days
            if day is not None
            for delta in (-1, 0, 1)
        }
        missing = sorted(wanted - self.loaded)
        if missing:
            self.loaded.update(missing)
            for name, other_day, other_body in self.load(missing):
                self.add(name, other_day, other_body)

    def _candidates(self, day, signature):
        names, rows = self.days.get(day, ((), ()))
        if not names:
            return []
        if day not in self.stacked:
            self.stacked[day] = np.vstack(rows)
        estimates = (self.stacked[day] == signature).mean(axis=1)
        return [(names[i], estimates[i]) for i in np.flatnonzero(estimates >= CANDIDATE)]

    def find(self, day, body: str, exclude: str = ""):
        """Return (name, similarity, found) of the closest release a day apart at most.

        name is None when there is none; found, the release's (hashes, signature), serves a
        later add().
        """
        words = shingles(body)
        if not words or day is None:
            return None, 0.0, None
        self.preload([day])
        hashes = shingle_hashes(words)
        signature = self.signature(hashes)
        best, best_score = None, 0.0
        for delta in (-1, 0, 1):
            for name, _estimate in self._candidates(
                day + datetime.timedelta(days=delta), signature
            ):
                if name == exclude:
                    continue
                score = hashed_similarity(hashes, self.hashes[name])
                if score >= THRESHOLD and (score, name) > (best_score, best or ""):
                    best, best_score = name, score
        return best, best_score, (hashes, signature)

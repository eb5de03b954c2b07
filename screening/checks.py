"""The pre-publication check: full names next to words marking a suspect, a victim or a minor.

Releases name suspects, victims and children by initials and age ("AS (22)"), never by full
name. The check reads a release's title, lead, body and photo caption sentence by sentence and
reports each full name that stands right next to a marker (a word such as "tersangka" or an age
under 18 such as "(15)"); a name after a rank or position ("AKBP", "Kapolres") belongs to an
official and is left alone. The words and patterns are Rule rows the office extends in the admin.
"""

import dataclasses
import functools
import hashlib
import html
import re
import time

from django.utils.translation import gettext_lazy as _

from articles.html import ANY_TAG, BLOCK_TAG

from .models import Confirmation, Rule

PHOTO = "foto"
ROLE_LABELS = {
    Rule.Role.SUSPECT: _("tersangka/pelaku"),
    Rule.Role.VICTIM: _("korban"),
    Rule.Role.MINOR: _("anak/di bawah umur"),
    PHOTO: _("foto"),
}
REASONS = {
    Rule.Role.SUSPECT: [
        Confirmation.Reason.INITIALS,
        Confirmation.Reason.NOT_SUSPECT,
        Confirmation.Reason.ALLOWED,
    ],
    Rule.Role.VICTIM: [
        Confirmation.Reason.INITIALS,
        Confirmation.Reason.NOT_VICTIM,
        Confirmation.Reason.ALLOWED,
    ],
    Rule.Role.MINOR: [Confirmation.Reason.INITIALS, Confirmation.Reason.NOT_MINOR],
    PHOTO: [Confirmation.Reason.FACES_HIDDEN, Confirmation.Reason.NO_FACES],
}

# Words that may stand between a marker and the name it introduces ("korban bernama ...",
# "Siti (15), yang berusia ..."); punctuation such as "," and ":" is skipped as well.
CONNECTORS = {
    "bernama",
    "yakni",
    "yaitu",
    "ialah",
    "adalah",
    "merupakan",
    "selaku",
    "sebagai",
    "berstatus",
    "status",
    "yang",
    "atas",
    "nama",
    "an",
    "sdr",
    "sdri",
    "saudara",
    "saudari",
    "berusia",
    "berumur",
    "usia",
    "umur",
    "masih",
    "tahun",
    "thn",
    "th",
}
SKIPPED_PUNCTUATION = {",", ":", ";", "-", "–", "—", "(", ")", '"', "“", "”", "'"}
BACKWARD_PUNCTUATION = {",", "(", ")"}
# A capitalised word right after these is a place ("di Jember"), not a person.
PLACE_WORDS = {"di", "ke", "dari", "asal", "warga"}
LINKING_WORDS = {"bin", "binti", "van", "de"}

TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*\.?|[^\w\s]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“'(]?[A-Z0-9])")


@dataclasses.dataclass(frozen=True)
class Finding:
    """A name next to a marker (or a photo to check), with the sentence it stands in."""

    role: str
    where: str
    sentence: str
    name: str = ""
    marker: str = ""
    subject: str = ""  # what the key depends on besides the sentence: the photo's file

    @property
    def key(self):
        """Return an identity stable while the sentence and name stay the same."""
        text = "|".join(
            (
                self.role,
                self.name.casefold(),
                " ".join(self.sentence.split()).casefold(),
                self.subject,
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    @property
    def reasons(self):
        return REASONS[self.role]

    @property
    def role_label(self):
        return ROLE_LABELS[self.role]

    @property
    def message(self):
        if self.role == PHOTO:
            return _(
                "Rilis ini berfoto: pastikan wajah anak dan korban tidak dapat dikenali "
                "(disamarkan)."
            )
        return _(
            "Nama lengkap “%(name)s” di dekat “%(marker)s” (%(role)s): rilis memakai inisial "
            "dan umur, mis. “AS (22)”."
        ) % {"name": self.name, "marker": self.marker, "role": self.role_label}


@dataclasses.dataclass
class RuleSet:
    markers: list  # (compiled pattern, role)
    officials: set
    honorifics: set
    not_names: set
    marker_words: set
    # All markers in one pattern: a sentence it does not match has no finding, which most
    # sentences of an import of thousands of releases are. None: the markers cannot be
    # joined safely (a back reference or a named group), and each is tried.
    anything: re.Pattern | None = None

    def __post_init__(self):
        sources = [pattern.pattern for pattern, _role in self.markers]
        if self.anything is None and sources and not any(map(UNJOINABLE.search, sources)):
            try:
                self.anything = re.compile(
                    "|".join(f"(?:{source})" for source in sources), re.IGNORECASE
                )
            except re.error:
                self.anything = None

    @classmethod
    def from_rules(cls, rules):
        markers, officials, honorifics, not_names, marker_words = [], set(), set(), set(), set()
        for rule in rules:
            value = rule.value.strip()
            if not value:
                continue
            if rule.kind == Rule.Kind.WORD:
                words = value.split()
                marker_words.update(bare(word) for word in words)
                pattern = r"(?<![\w-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])"
                markers.append((re.compile(pattern, re.IGNORECASE), rule.role))
            elif rule.kind == Rule.Kind.PATTERN:
                try:
                    markers.append((re.compile(value, re.IGNORECASE), rule.role))
                except re.error:
                    continue  # refused by Rule.clean; one bad row must not stop every save
            elif rule.kind == Rule.Kind.OFFICIAL:
                officials.add(bare(value.split()[-1]))
            elif rule.kind == Rule.Kind.HONORIFIC:
                honorifics.add(bare(value))
            elif rule.kind == Rule.Kind.NOT_NAME:
                not_names.add(bare(value))
        return cls(markers, officials, honorifics, not_names, marker_words)


def bare(word):
    """Return a word case-folded, without its trailing dot: how rules compare words."""
    return word.rstrip(".").casefold()


def current_rules():
    """Return the active rules as they are in the database now."""
    return RuleSet.from_rules(Rule.objects.filter(active=True))


_memo = {"rules": None, "at": 0.0}
MEMO_SECONDS = 60


def recent_rules():
    """Return the active rules, read at most once a minute: for imports of many releases."""
    if _memo["rules"] is None or time.monotonic() - _memo["at"] > MEMO_SECONDS:
        _memo["rules"], _memo["at"] = current_rules(), time.monotonic()
    return _memo["rules"]


def forget_rules(**kwargs):
    _memo["rules"] = None


def html_paragraphs(markup):
    """Return the text of HTML, one paragraph (block) per line."""
    text = ANY_TAG.sub("", BLOCK_TAG.sub("\n", markup or ""))
    return html.unescape(text)


def split_sentences(text):
    """Return the sentences of plain text; "H.", "Drs." or "A.S." do not end a sentence."""
    sentences = []
    for paragraph in text.splitlines():
        pieces = SENTENCE_END.split(" ".join(paragraph.split()))
        current = ""
        for piece in pieces:
            current = f"{current} {piece}" if current else piece
            last = current.split()[-1].rstrip(".") if current.split() else ""
            abbreviation = (len(last) <= 3 and last[:1].isupper()) or "." in last
            if not abbreviation:
                sentences.append(current)
                current = ""
        if current:
            sentences.append(current)
    return [sentence for sentence in sentences if sentence.strip()]


# What makes a pattern mean something else when joined with others: group references.
UNJOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?P<|\(\?<[^=!]|\(\?[aiLmsux]+\)")


class Sentence:
    """One sentence read against the rules."""

    def __init__(self, text, rules, proper_nouns, headline=False):
        self.text = text
        self.rules = rules
        self.proper_nouns = proper_nouns
        # A headline ("Polres Jember Amankan Tersangka Pencurian") capitalises every word, and
        # a sentence in capitals every letter: there, only words the other texts write as
        # names count as names.
        self.headline = headline or not any(c.islower() for c in text)

    @functools.cached_property
    def tokens(self):
        return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(self.text)]

    def is_name_word(self, token):
        word = token.rstrip(".")
        if not word[:1].isalpha() or not word[:1].isupper():
            return False
        key = word.casefold()
        rules = self.rules
        if key in rules.not_names or key in rules.officials or key in rules.honorifics:
            return False
        if key in rules.marker_words:
            return False
        if self.headline:
            return key in self.proper_nouns
        # Initials are capitals only ("AS", "M.R."); a name has small letters after the first.
        return any(c.islower() for c in word[1:])

    def findings(self, where):
        found = []
        if self.rules.anything is not None and not self.rules.anything.search(self.text):
            return found
        for pattern, role in self.rules.markers:
            for match in pattern.finditer(self.text):
                before = [i for i, (_t, _s, end) in enumerate(self.tokens) if end <= match.start()]
                after = [i for i, (_t, start, _e) in enumerate(self.tokens) if start >= match.end()]
                names = [
                    self.name_before(before[-1] if before else -1),
                    self.name_after(after[0] if after else len(self.tokens)),
                ]
                for name in names:
                    if name:
                        found.append(
                            Finding(role, where, self.text, name=name, marker=match.group())
                        )
        return found

    def _skippable(self, token, backwards=False):
        # Going back, a dash ends the search: "Jember - Tersangka ..." is a dateline.
        punctuation = BACKWARD_PUNCTUATION if backwards else SKIPPED_PUNCTUATION
        return token in punctuation or bare(token) in CONNECTORS or token.isdigit()

    def name_after(self, i):
        tokens = [t for t, _s, _e in self.tokens]
        while i < len(tokens) and self._skippable(tokens[i]):
            i += 1
        start = i
        while i < len(tokens) and bare(tokens[i]) in self.rules.honorifics:
            i += 1
        end = self._name_end(tokens, i)
        if end == i:
            return ""
        return " ".join(tokens[start:end]).rstrip(".,")

    def _name_end(self, tokens, i):
        end = i
        while i < len(tokens):
            if self.is_name_word(tokens[i]):
                i += 1
                end = i
            elif end > i - 1 and bare(tokens[i]) in LINKING_WORDS:
                i += 1
            else:
                break
        return end

    def name_before(self, i):
        tokens = [t for t, _s, _e in self.tokens]
        while i >= 0 and self._skippable(tokens[i], backwards=True):
            i -= 1
        end = i + 1
        while i >= 0 and (
            self.is_name_word(tokens[i]) or (i < end - 1 and bare(tokens[i]) in LINKING_WORDS)
        ):
            i -= 1
        while i + 1 < end and bare(tokens[i + 1]) in LINKING_WORDS:
            i += 1
        if i + 1 == end:
            return ""
        if i == -1 and end == 1 and bare(tokens[0]) not in self.proper_nouns:
            # One capitalised word opening the sentence ("Kedua pelaku ...") is a name only
            # when the text also writes it capitalised inside a sentence.
            return ""
        while i >= 0 and bare(tokens[i]) in self.rules.honorifics:
            i -= 1
        if i >= 0:
            previous = bare(tokens[i])
            # "AKBP Bayu Pratama, tersangka ..." names an official; "Desa Ajung" a place.
            if (
                previous in self.rules.officials
                or previous in self.rules.not_names
                or previous in PLACE_WORDS
            ):
                return ""
        return " ".join(tokens[i + 1 : end]).rstrip(".,")


def proper_nouns_of(sentences):
    """Return the words the text writes capitalised inside sentences and never in lower case."""
    capitalised, lower = set(), set()
    for sentence in sentences:
        words = [word.rstrip(".") for word in TOKEN.findall(sentence)]
        for position, word in enumerate(words):
            if not word[:1].isalpha():
                continue
            if word[:1].isupper() and position > 0 and any(c.islower() for c in word[1:]):
                capitalised.add(word.casefold())
            elif word[:1].islower():
                lower.add(word.casefold())
    return capitalised - lower


class ProperNouns:
    """proper_nouns_of(sentences), worked out the first time a sentence asks.

    Only a sentence with a marker asks: most releases of an import have none.
    """

    def __init__(self, sentences):
        self.sentences = sentences

    @functools.cached_property
    def words(self):
        return proper_nouns_of(self.sentences)

    def __contains__(self, word):
        return word in self.words


def check(*, title="", lead="", body="", caption="", photo=None, photo_caption=None, rules=None):
    """Return the findings of a release's texts, each once, in reading order.

    caption: the photo captions (one per line). photo: the stored name of the release's main
    photo ("" for a new upload), None without one; its reminder quotes photo_caption (by
    default caption), so confirming it holds while that photo and its caption stay.
    """
    rules = rules if rules is not None else current_rules()
    parts = [
        (_("judul"), split_sentences(title or "")),
        (_("ringkasan"), split_sentences(lead or "")),
        (_("isi"), split_sentences(html_paragraphs(body))),
        (_("keterangan foto"), split_sentences(caption or "")),
    ]
    proper_nouns = ProperNouns([s for _where, sentences in parts[1:] for s in sentences])
    findings, seen = [], set()
    for where, sentences in parts:
        for text in sentences:
            sentence = Sentence(text, rules, proper_nouns, headline=where is parts[0][0])
            for finding in sentence.findings(where):
                if finding.key not in seen:
                    seen.add(finding.key)
                    findings.append(finding)
    if photo is not None:
        findings.append(
            Finding(
                PHOTO,
                _("foto utama"),
                " ".join((caption if photo_caption is None else photo_caption).split())
                or str(_("(foto tanpa keterangan)")),
                subject=photo or "baru",
            )
        )
    return findings


def photo_texts(photos):
    """Return check()'s caption and photo for [(storage name, caption)], the main one first.

    Every caption is read, each as its own paragraph; the reminder is about the main photo,
    the one shown on cards and link previews.
    """
    photos = list(photos or [])
    return {
        "caption": "\n".join(caption for _name, caption in photos),
        "photo": photos[0][0] if photos else None,
        "photo_caption": photos[0][1] if photos else "",
    }


def stored_photos(article):
    """Return [(storage name, caption)] of a stored release's photos, in order."""
    if article.pk is None:
        return []
    return [(photo.image.name, photo.caption) for photo in article.photos.all()]


def check_article(article, rules=None):
    """Return the findings of a stored release."""
    return check(
        title=article.title,
        lead=article.lead,
        body=article.body,
        **photo_texts(stored_photos(article)),
        rules=rules,
    )


def unconfirmed(article, findings=None):
    """Return the findings of the release that no editor has confirmed yet."""
    findings = check_article(article) if findings is None else findings
    if not findings or article.pk is None:
        return findings
    confirmed = set(
        Confirmation.objects.filter(
            article=article, key__in=[finding.key for finding in findings]
        ).values_list("key", flat=True)
    )
    return [finding for finding in findings if finding.key not in confirmed]


IMPORT_NOTES = 3


def import_notes(fields, photos=None):
    """Return the report's notes for an imported published release with findings.

    An imported release was public on its source already: it stays published, and the import
    report lists its findings so the operator can review them (the next editor to change it
    confirms them in the form). The photo reminder is left out: it would note every photo.
    photos: the prepared photo rows (dicts with a caption), whose captions are checked.
    """
    if fields.get("status") != "published":
        return []
    findings = check(
        title=fields.get("title", ""),
        lead=fields.get("lead", ""),
        body=fields.get("body", ""),
        caption="\n".join(photo.get("caption", "") for photo in photos or []),
        rules=recent_rules(),
    )
    notes = [
        f"pemeriksaan: {finding.message} «{finding.sentence[:200]}»; tetap terbit, periksa di admin"
        for finding in findings[:IMPORT_NOTES]
    ]
    if len(findings) > IMPORT_NOTES:
        notes.append(f"pemeriksaan: {len(findings) - IMPORT_NOTES} temuan lain")
    return notes

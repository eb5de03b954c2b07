"""Dates as Indonesian portals write them, in English and in Indonesian.

Two kinds of places hold a release's date: a header line that is a date and
nothing else ("Jumat, 30 Agustus 2024 15:54 WIB", "Selasa 24-09-2024,22:29 WIB"),
and a day marker inside a sentence ("Sabtu (16/11/2024)", "Rabu (4/1/23)",
"Selasa tanggal 13 Maret 2018 pukul 23.35", "Senin pagi (21/8)"). A marker
without a year is only a date once a year is known (see `DateFound.with_year`).
"""

import dataclasses
import datetime
import re
import zoneinfo

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
ZONES = {
    "WIB": WIB,
    "WITA": zoneinfo.ZoneInfo("Asia/Makassar"),
    "WIT": zoneinfo.ZoneInfo("Asia/Jayapura"),
}

MONTHS = {
    # Indonesian, with the abbreviations portals use
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "peb": 2, "maret": 3,
    "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agust": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "jum’at": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
WEEKDAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

DAY = (
    r"(?P<weekday>senin|selasa|rabu|kamis|jum['’]?at|sabtu|minggu|ahad|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
)
# "Senin pagi (21/8)", "Kamis malam, 3 Oktober 2024"
PART_OF_DAY = r"(?:\s+(?:pagi|siang|sore|petang|malam|dini\s+hari))?"
MONTH = r"(?P<month_name>[a-z]{3,9})\.?"
YEAR4 = r"(?P<year>(?:19|20|21)\d{2})"
YEAR2 = r"(?P<year>(?:19|20|21)\d{2}|\d{2})"
TIME = (
    r"(?P<hour>[01]?\d|2[0-3])\s*[:.]\s*(?P<minute>[0-5]\d)(?:[:.][0-5]\d)?"
    r"(?:\s*(?P<zone>wib|wita|wit)\b)?"
)
# Between a date and its time: "2024 15:54", "2024 - 15:54", "2024,22:29", "2024 pukul 09.15".
TIME_SEP = r"\s*[-–—|,]?\s*(?:(?:sekitar\s+)?(?:pukul|jam|pkl\.?|at)\s*)?"
# In a sentence only an announced time counts: "pukul 23.30 WITA", "sekitar jam 09.00".
SENTENCE_TIME = (
    r"\s*,?\s*(?:(?:pagi|siang|sore|petang|malam|dini\s+hari|sekitar|mulai|kurang\s+lebih|"
    r"tepatnya)\s*,?\s*){0,3}(?:pukul|jam|pkl\.?)\s*"
)

_DAY_FIRST = rf"(?P<day>\d{{1,2}})\s+{MONTH}\s+{YEAR4}"
_MONTH_FIRST = rf"{MONTH}\s+(?P<day>\d{{1,2}}),?\s+{YEAR4}"
_NUMERIC = rf"(?P<day>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<month>\d{{1,2}})\s*(?P=sep)\s*{YEAR2}"
_ISO = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
_DAY_MONTH = r"(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})"

# Words that announce the date of a header line: "Diposting pada 2 Juni 2024".
HEADER_PREFIX = (
    r"(?:(?:diposting|diterbitkan|dipublikasikan|diunggah|dipublish|terbit|posted|published|"
    r"update|updated|diperbarui)(?:\s+(?:pada|on|:))?\s*:?\s*)?"
)
# A header line that is a date and nothing else, with an optional weekday and time.
HEADER_DATE = [
    re.compile(
        rf"^{HEADER_PREFIX}(?:{DAY}{PART_OF_DAY}\s*,?\s*)?{form}(?:{TIME_SEP}{TIME})?\s*\|?\s*$",
        re.IGNORECASE,
    )
    for form in (_DAY_FIRST, _MONTH_FIRST, _NUMERIC, _ISO)
]
# A day marker inside a sentence. The weekday makes a bare number a date.
SENTENCE_DATE = [
    # "Sabtu (16/11/2024)", "Rabu (4/1/23)", "Selasa ( 13/12/2022 )", "Senin pagi (21/8/2023)"
    re.compile(rf"\b{DAY}{PART_OF_DAY}\s*,?\s*\(\s*{_NUMERIC}\s*\)", re.IGNORECASE),
    # "Senin, 2 September 2024", "Selasa tanggal 13 Maret 2018", "Senin 19 Agustus 2024"
    re.compile(
        rf"\b{DAY}{PART_OF_DAY}\s*,?\s*(?:(?:tanggal|tgl\.?)\s*)?{_DAY_FIRST}\b", re.IGNORECASE
    ),
    # "Senin, 19-08-2024", "Rabu 4/1/23" (a weekday before a bare number)
    re.compile(rf"\b{DAY}{PART_OF_DAY}\s*,?\s*{_NUMERIC}\b", re.IGNORECASE),
    # "(16/11/2024)" without a weekday
    re.compile(rf"\(\s*{_NUMERIC}\s*\)", re.IGNORECASE),
    # "tanggal 13 Maret 2018", "pada 2 Juni 2024"
    re.compile(rf"\b(?:tanggal|tgl\.?|pada)\s+{_DAY_FIRST}\b", re.IGNORECASE),
]
# "Senin pagi (21/8)", "Jumat (30/8)": a day without its year.
YEARLESS_DATE = re.compile(rf"\b{DAY}{PART_OF_DAY}\s*,?\s*\(\s*{_DAY_MONTH}\s*\)", re.IGNORECASE)
FOLLOWING_TIME = re.compile(rf"{SENTENCE_TIME}{TIME}", re.IGNORECASE)
# A time further on in the sentence: not taken as the release's time, but said.
NEARBY_TIME = re.compile(
    rf"[^.!?]{{0,60}}?\b(?P<said>(?:pukul|jam|pkl\.?)\s*{TIME})", re.IGNORECASE
)

# A date in a file's path: a folder 2024/11/16/ or a name 2024-11-16-judul.txt.
PATH_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})[/\\_.-](?P<month>\d{1,2})[/\\_.-](?P<day>\d{1,2})(?!\d)"
)


@dataclasses.dataclass(frozen=True)
class DateFound:
    """A date read from a text: its day, time (if written), zone (if written) and weekday."""

    day: datetime.date | None  # None: the year is missing (see with_year)
    time: datetime.time | None = None
    zone: str = ""  # WIB, WITA, WIT as written; "" = not written
    weekday: int | None = None  # the weekday written beside it, Monday = 0
    text: str = ""  # as written, for messages
    month: int = 0  # of a year-less marker
    day_of_month: int = 0
    dropped_time: str = ""  # "pukul 08.00" written near the date but not beside it

    @property
    def has_time(self) -> bool:
        return self.time is not None

    def moment(self) -> datetime.datetime:
        """Return the aware datetime: the written zone, else WIB (the importer re-zones later)."""
        zone = ZONES.get(self.zone, WIB)
        return datetime.datetime.combine(self.day, self.time or datetime.time(0, 0), tzinfo=zone)

    def with_year(self, year: int | None = None, near: datetime.date | None = None):
        """Return this year-less marker dated in `year`, or the year that puts it nearest `near`."""
        candidates = [year] if year else [near.year - 1, near.year, near.year + 1] if near else []
        days = []
        for candidate in candidates:
            try:
                days.append(datetime.date(candidate, self.month, self.day_of_month))
            except ValueError:
                continue
        if not days:
            return None
        day = min(days, key=lambda d: abs((d - near).days)) if near and not year else days[0]
        return dataclasses.replace(self, day=day)

    def weekday_conflict(self) -> str:
        """Return a warning if the written weekday is not the date's, else ""."""
        if self.weekday is None or self.day is None or self.day.weekday() == self.weekday:
            return ""
        return (
            f"hari {WEEKDAY_NAMES[self.weekday]} tidak cocok dengan tanggal "
            f"{self.day:%d/%m/%Y} (hari {WEEKDAY_NAMES[self.day.weekday()]}) di '{self.text}'"
        )


def full_year(year: str) -> int:
    """Return a year written with two digits as the nearest year not more than a year ahead."""
    if len(year) != 2:
        return int(year)
    current = datetime.date.today().year
    candidate = 2000 + int(year)
    return candidate if candidate <= current + 1 else candidate - 100


def _build(match, text=None, time_match=None):
    """Return a DateFound from a date match, or None if it is no real date."""
    parts = match.groupdict()
    if parts.get("month_name"):
        month = MONTHS.get(parts["month_name"].lower())
    else:
        month = int(parts["month"])
    try:
        day = datetime.date(full_year(parts["year"]), month or 0, int(parts["day"]))
    except (TypeError, ValueError):
        return None
    if not 1900 <= day.year <= 2200:
        return None
    time_parts = time_match.groupdict() if time_match else parts
    moment = zone = None
    if time_parts.get("hour") is not None:
        moment = datetime.time(int(time_parts["hour"]), int(time_parts["minute"]))
        zone = (time_parts.get("zone") or "").upper()
    return DateFound(
        day=day,
        time=moment,
        zone=zone or "",
        weekday=_weekday(parts.get("weekday")),
        text=" ".join((text or match.group(0)).split()),
    )


def _weekday(name):
    if not name:
        return None
    return WEEKDAYS.get(name.lower().replace("’", "'").replace("jum'at", "jumat"))


def parse_header_date(line: str) -> DateFound | None:
    """Return the date if the whole line is a date (with weekday and time), else None."""
    line = line.strip().strip("*_").strip()
    if len(line) > 80:
        return None
    for pattern in HEADER_DATE:
        match = pattern.match(line)
        if match:
            return _build(match)
    return None


def find_date(text: str) -> DateFound | None:
    """Return the first day marker in text (its time too if "pukul ..." follows), else None.

    Of the markers, the one written first in the text wins.
    """
    best = None
    for pattern in SENTENCE_DATE:
        for match in pattern.finditer(text):
            time_match = FOLLOWING_TIME.match(text, match.end())
            end = time_match.end() if time_match else match.end()
            found = _build(match, text[match.start() : end], time_match)
            if found and not time_match and (nearby := NEARBY_TIME.match(text, match.end())):
                said = " ".join(nearby.group("said").split())
                found = dataclasses.replace(found, dropped_time=said)
            if found:
                if best is None or match.start() < best[0]:
                    best = (match.start(), found)
                break
    return best[1] if best else None


def find_yearless_date(text: str) -> DateFound | None:
    """Return the first "Senin pagi (21/8)" marker in text, without its year, else None."""
    for match in YEARLESS_DATE.finditer(text):
        day, month = int(match.group("day")), int(match.group("month"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            time_match = FOLLOWING_TIME.match(text, match.end())
            end = time_match.end() if time_match else match.end()
            moment = zone = None
            if time_match:
                moment = datetime.time(int(time_match["hour"]), int(time_match["minute"]))
                zone = (time_match["zone"] or "").upper()
            return DateFound(
                day=None,
                time=moment,
                zone=zone or "",
                weekday=_weekday(match.group("weekday")),
                text=" ".join(text[match.start() : end].split()),
                month=month,
                day_of_month=day,
            )
    return None


def date_from_path(path: str) -> datetime.date | None:
    """Return the last date written in a file's path (folders 2024/11/16/, 2024-11-16-x.txt)."""
    found = None
    for match in PATH_DATE.finditer(path):
        try:
            found = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue
    return found

"""Dates as Indonesian portals write them, in English and in Indonesian."""

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
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agust": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip
DAYS = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
MONTH = r"(?P<month_name>[a-z]{3,9})\.?"
TIME = r"(?:(?:pukul|jam|at)\s+)?(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?::[0-5]\d)?\s*(?P<zone>wib|wita|wit)?"
SEP = r"\s*(?:[-–—|,]|pukul)?\s*"

_DAY_FIRST = rf"(?P<day>\d{{1,2}})\s+{MONTH}\s+(?P<year>\d{{4}})"
_MONTH_FIRST = rf"{MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
_NUMERIC = r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"
_ISO = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"

# A header line that is a date and nothing else, with an optional weekday and time.
HEADER_DATE = [
    re.compile(rf"^(?:{DAYS},?\s*)?{form}(?:{SEP}{TIME})?\s*$", re.IGNORECASE)
    for form in (_DAY_FIRST, _MONTH_FIRST, _NUMERIC, _ISO)
]
# The day marker in a body: "Sabtu (16/11/2024)", "Jum'at (30/8/2024)", "Senin, 2 September 2024".
BODY_DATE = [
    re.compile(rf"\b{DAYS}\s*,?\s*\(\s*{_NUMERIC}\s*\)", re.IGNORECASE),
    re.compile(rf"\b{DAYS}\s*,\s*{_DAY_FIRST}\b", re.IGNORECASE),
    re.compile(rf"\(\s*{_NUMERIC}\s*\)", re.IGNORECASE),
]


def _build(match):
    """Return (aware datetime, has_time) from a date match, or None if it is no real date."""
    parts = match.groupdict()
    if parts.get("month_name"):
        month = MONTHS.get(parts["month_name"].lower())
    else:
        month = int(parts["month"])
    try:
        day = datetime.date(int(parts["year"]), month or 0, int(parts["day"]))
    except (TypeError, ValueError):
        return None
    if not 1900 <= day.year <= 2200:
        return None
    zone = ZONES.get((parts.get("zone") or "WIB").upper(), WIB)
    if parts.get("hour") is not None:
        moment = datetime.time(int(parts["hour"]), int(parts["minute"]))
        return datetime.datetime.combine(day, moment, tzinfo=zone), True
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=zone), False


def parse_header_date(line):
    """Return (datetime, has_time) if the whole line is a date, else None."""
    line = line.strip().strip("*_").strip()
    for pattern in HEADER_DATE:
        match = pattern.match(line)
        if match:
            return _build(match)
    return None


def find_body_date(text):
    """Return (midnight WIB of the day, False) for the first day marker in text, else None."""
    for pattern in BODY_DATE:
        for match in pattern.finditer(text):
            found = _build(match)
            if found:
                return found[0], False
    return None

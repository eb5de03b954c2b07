"""The date forms of releases, checked on every date (hypothesis), and the fallbacks."""

import datetime
import zoneinfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from articles.importers.dates import (
    WEEKDAY_NAMES,
    date_from_path,
    find_date,
    find_yearless_date,
    full_year,
    parse_header_date,
)

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
MONTH_NAMES = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
]  # fmt: skip
THIS_YEAR = datetime.date.today().year

days = st.dates(datetime.date(2000, 1, 1), datetime.date(THIS_YEAR, 12, 31))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
# Words around a marker, as a sentence has them.
prefix = st.sampled_from(["", "Polsek Ajung menggelar patroli pada ", "Kegiatan berlangsung "])
suffix = st.sampled_from(["", ".", " di Pasar Tanjung.", " pagi.", ", kata Kapolsek."])


def weekday(day):
    return WEEKDAY_NAMES[day.weekday()]


SENTENCE_FORMS = {
    # "Rabu (4/1/23)": two-digit year
    "two-digit year": lambda d, t: f"{weekday(d)} ({d.day}/{d.month}/{d:%y})",
    # "Selasa ( 13/12/2022 )": spaces inside the brackets
    "spaced brackets": lambda d, t: f"{weekday(d)} ( {d:%d/%m/%Y} )",
    "jum'at spelling": lambda d, t: f"{weekday(d).replace('Jumat', 'Jum’at')} ({d:%d/%m/%Y})",
    "weekday, day month year": lambda d, t: (
        f"{weekday(d)}, {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"
    ),
    "weekday day month year": lambda d, t: (
        f"{weekday(d)} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"
    ),
    "part of day": lambda d, t: f"{weekday(d)} malam ({d.day}/{d.month}/{d.year})",
}


@settings(max_examples=150, deadline=None)
@given(days, st.sampled_from(sorted(SENTENCE_FORMS)), prefix, suffix)
def test_every_day_marker_form_gives_its_date_and_no_time(day, form, before, after):
    text = before + SENTENCE_FORMS[form](day, None) + after
    found = find_date(text)
    assert found is not None, text
    assert found.day == day and not found.has_time
    assert found.weekday_conflict() == ""


@settings(max_examples=150, deadline=None)
@given(days, times, st.sampled_from(["", " WIB", " WITA", " WIT"]))
def test_tanggal_pukul_gives_date_time_and_the_written_zone(day, moment, zone):
    month = MONTH_NAMES[day.month - 1]
    text = (
        f"Pelaku diamankan pada {weekday(day)} tanggal {day.day} {month} {day.year} "
        f"pukul {moment:%H.%M}{zone} di rumahnya."
    )
    found = find_date(text)
    assert (found.day, found.time, found.zone) == (day, moment, zone.strip())
    assert (
        found.moment().tzinfo.key
        == {
            "": "Asia/Jakarta",
            " WIB": "Asia/Jakarta",
            " WITA": "Asia/Makassar",
            " WIT": "Asia/Jayapura",
        }[zone]
    )


HEADER_FORMS = [
    lambda d, t: f"{weekday(d)} {d:%d-%m-%Y},{t:%H:%M} WIB",  # "Selasa 24-09-2024,22:29 WIB"
    lambda d, t: f"{weekday(d)}, {d.day} {MONTH_NAMES[d.month - 1]} {d.year} {t:%H:%M} WIB",
    lambda d, t: f"{weekday(d)}, {d:%d/%m/%Y} | {t:%H:%M} WIB",
    lambda d, t: f"{d:%b} {d.day}, {d.year} - {t:%H:%M}",
    lambda d, t: f"Diposting pada: {d.day} {MONTH_NAMES[d.month - 1]} {d.year} pukul {t:%H.%M}",
]


@settings(max_examples=150, deadline=None)
@given(days, times, st.integers(0, len(HEADER_FORMS) - 1))
def test_every_header_form_gives_date_and_time(day, moment, form):
    line = HEADER_FORMS[form](day, moment)
    found = parse_header_date(line)
    assert found is not None, line
    assert (found.day, found.time) == (day, moment)


@settings(max_examples=100, deadline=None)
@given(days, st.integers(1, 6))
def test_a_weekday_that_contradicts_the_date_is_a_warning(day, shift):
    wrong = WEEKDAY_NAMES[(day.weekday() + shift) % 7]
    found = find_date(f"Patroli digelar {wrong} ({day:%d/%m/%Y}).")
    assert found.day == day
    assert found.weekday_conflict().startswith(f"hari {wrong} tidak cocok dengan tanggal")


@settings(max_examples=150, deadline=None)
@given(days, st.integers(-150, 150))
def test_a_year_less_marker_takes_the_year_nearest_the_path_date(day, offset):
    near = day + datetime.timedelta(days=offset)
    marker = find_yearless_date(f"Personel berpatroli {weekday(day)} pagi ({day.day}/{day.month}).")
    assert marker is not None and marker.day is None
    assume(not (day.month == 2 and day.day == 29))
    assert marker.with_year(near=near).day == day
    assert marker.with_year(year=day.year).day == day


def test_a_year_less_marker_is_not_a_date_without_a_year():
    assert find_date("Personel berpatroli Senin pagi (21/8) di pasar.") is None
    assert find_yearless_date("Personel berpatroli Senin pagi (21/8)").text == "Senin pagi (21/8)"
    assert find_yearless_date("Skor akhir (21/8) untuk tim tamu") is None


@pytest.mark.parametrize(
    "path, expected",
    [
        ("arsip/2024/11/16/patroli.txt", datetime.date(2024, 11, 16)),
        ("arsip/2024-11-16-patroli-pasar.txt", datetime.date(2024, 11, 16)),
        ("2023/08/21/a.txt", datetime.date(2023, 8, 21)),
        ("arsip/2024/13/40/patroli.txt", None),
        ("arsip/patroli-12.txt", None),
    ],
)
def test_dates_in_a_files_path(path, expected):
    assert date_from_path(path) == expected


def test_two_digit_years_are_never_more_than_a_year_ahead():
    assert full_year("23") == 2023
    assert full_year(f"{(THIS_YEAR + 1) % 100:02d}") == THIS_YEAR + 1
    assert full_year(f"{(THIS_YEAR + 2) % 100:02d}") == THIS_YEAR + 2 - 100
    assert full_year("2019") == 2019


def test_the_marker_written_first_wins_over_later_ones():
    found = find_date("Pada Senin, 2 September 2024 patroli digelar, lanjutan Sabtu (31/8/2024).")
    assert found.day == datetime.date(2024, 9, 2)


def test_a_time_after_a_part_of_day_is_the_dates_time():
    found = find_date("Patroli digelar Sabtu (16/11/2024) malam sekitar pukul 20.00 WIB.")
    assert (found.day, found.time, found.zone) == (
        datetime.date(2024, 11, 16),
        datetime.time(20, 0),
        "WIB",
    )
    assert found.dropped_time == ""


def test_a_time_further_on_is_not_taken_but_said():
    found = find_date("Pada Sabtu (16/11/2024), kegiatan dimulai pukul 08.00 di lapangan.")
    assert found.day == datetime.date(2024, 11, 16) and not found.has_time
    assert found.dropped_time == "pukul 08.00"
    later = find_date("Pada Sabtu (16/11/2024) warga berkumpul. Acara dimulai pukul 08.00.")
    assert later.dropped_time == ""  # another sentence: nothing to do with the date

"""Near-duplicates: invented pairs that measure the threshold, and merging in an import."""

import datetime
import itertools
import json

import pytest

from articles.importers import import_paths
from articles.importers.neardup import (
    THRESHOLD,
    hashed_similarity,
    shingle_hashes,
    shingles,
    similarity,
)
from articles.models import Article

ORIGINAL = (
    "Jember - Polsek Kaliwates menggelar patroli dialogis di Pasar Tanjung pada Jumat pagi. "
    "Kegiatan dipimpin langsung oleh Kapolsek Kaliwates bersama enam personel piket. Dalam "
    "patroli itu petugas menyapa pedagang dan pengunjung pasar serta mengingatkan warga agar "
    "selalu waspada terhadap pencopet yang kerap beraksi di tengah keramaian. Kapolsek "
    "menyampaikan bahwa patroli dialogis akan digelar rutin setiap pekan selama bulan Ramadan. "
    "Warga diminta segera melapor ke layanan darurat 110 bila melihat hal yang mencurigakan. "
    "Para pedagang menyambut baik kehadiran polisi di pasar dan berharap kegiatan serupa terus "
    "dilakukan agar suasana pasar tetap aman dan nyaman."
)
# Copies as portals publish them: the same release with the edits they make.
COPIES = {
    "another dateline and a byline": "JEMBER | PORTAL.ID – "
    + ORIGINAL.removeprefix("Jember - ")
    + " Pewarta: Agus | Editor: Dewi",
    "a sign-off and typos fixed": ORIGINAL.replace("kerap", "sering").replace(
        "enam personel", "6 personel"
    )
    + " (AR)",
    "a sentence added": ORIGINAL.replace(
        "Warga diminta",
        "Selain itu petugas juga membagikan selebaran berisi nomor pengaduan kepada warga. "
        "Warga diminta",
    ),
    "the last sentence cut": ORIGINAL.rsplit(" Para pedagang", 1)[0],
    "a headline repeated on top": "Polsek Kaliwates Gelar Patroli Dialogis di Pasar Tanjung. "
    + ORIGINAL,
}
# Different releases of one unit on one day, written from the same phrases.
OTHERS = [
    "Jember - Polsek Kaliwates menggelar Jumat Berkah dengan membagikan paket sembako kepada "
    "warga kurang mampu di Kelurahan Kebon Agung pada Jumat siang. Kegiatan dipimpin langsung "
    "oleh Kapolsek Kaliwates bersama bhabinkamtibmas dan perangkat kelurahan. Kapolsek "
    "menyampaikan bahwa kegiatan sosial ini digelar rutin setiap pekan selama bulan Ramadan. "
    "Warga menyambut baik kegiatan tersebut dan berharap kegiatan serupa terus dilakukan.",
    "Jember - Unit Lantas Polsek Kaliwates menggelar pengaturan arus lalu lintas di simpang "
    "Pasar Tanjung pada Jumat sore menjelang waktu berbuka puasa. Petugas mengurai kepadatan "
    "kendaraan dan mengingatkan pengendara agar tidak melawan arus. Kapolsek menyampaikan "
    "bahwa pengaturan arus akan digelar rutin setiap sore selama bulan Ramadan agar pengguna "
    "jalan tetap aman dan nyaman sampai di rumah.",
    "Jember - Polsek Kaliwates mengamankan seorang pria yang kedapatan mencopet dompet milik "
    "pengunjung Pasar Tanjung pada Jumat pagi. Pelaku ditangkap warga dan petugas yang sedang "
    "berpatroli di pasar. Kapolsek Kaliwates menyampaikan bahwa pelaku kini ditahan di "
    "Mapolsek untuk pemeriksaan lebih lanjut. Warga diminta segera melapor ke layanan darurat "
    "110 bila melihat hal yang mencurigakan.",
]


def test_copies_overlap_above_the_threshold_and_different_releases_below():
    """The measurement behind THRESHOLD (see articles/importers/neardup.py)."""
    original = shingles(ORIGINAL)
    copies = {name: similarity(original, shingles(text)) for name, text in COPIES.items()}
    others = [
        similarity(shingles(a), shingles(b))
        for a, b in itertools.combinations([ORIGINAL, *OTHERS], 2)
    ]
    assert min(copies.values()) >= THRESHOLD, copies
    assert max(others) < THRESHOLD, others
    # Room on both sides: an edit a little larger, or a closer template, still decides right.
    assert min(copies.values()) - THRESHOLD >= 0.05 and THRESHOLD - max(others) >= 0.5


def test_the_index_decides_by_the_hashes_of_the_shingles_as_by_the_shingles():
    # The index keeps hashes, not texts: the overlap it computes is the same.
    for a, b in itertools.combinations([ORIGINAL, *COPIES.values(), *OTHERS], 2):
        exact = similarity(shingles(a), shingles(b))
        hashed = hashed_similarity(shingle_hashes(shingles(a)), shingle_hashes(shingles(b)))
        assert hashed == pytest.approx(exact), (a[:40], b[:40])


def test_a_body_too_short_to_judge_has_no_shingles():
    assert shingles("<p>Patroli malam digelar di Pasar Tanjung.</p>") == set()


def record(title, body, day, source, url=""):
    fields = {"title": title, "body": f"<p>{body}</p>", "published_at": day}
    return json.dumps(fields | {"source_name": source, "source_url": url})


@pytest.fixture
def jsonl(write):
    def jsonl(name, *records):
        return write(name, "\n".join(records) + "\n")

    return jsonl


def test_a_copy_from_another_portal_the_next_day_is_merged_with_both_sources_kept(units, jsonl):
    first = jsonl(
        "a.jsonl",
        record("Patroli Dialogis di Pasar Tanjung", ORIGINAL, "2024-03-15T09:00", "Humas Jember"),
    )
    second = jsonl(
        "b.jsonl",
        record(
            "Polisi Patroli di Pasar Tanjung",
            COPIES["another dateline and a byline"],
            "2024-03-16T08:00",
            "Portal Jember",
            "https://portal.example.id/2024/03/16/patroli",
        ),
    )
    import_paths([first])
    summary = import_paths([second])
    assert (summary.created, summary.merged) == (0, 1)
    article = Article.objects.get()
    assert article.title == "Patroli Dialogis di Pasar Tanjung"
    assert (
        "Digabung: juga dimuat oleh Portal Jember https://portal.example.id/2024/03/16/patroli"
        in article.import_notes
    )
    assert "digabung dengan rilis «Patroli Dialogis di Pasar Tanjung»" in summary.merges[0]
    again = import_paths([second])
    assert (again.created, again.merged, again.unchanged) == (0, 0, 1)


def test_a_copy_three_days_later_or_a_different_release_the_same_day_is_not_merged(units, jsonl):
    path = jsonl(
        "a.jsonl",
        record("Patroli Dialogis", ORIGINAL, "2024-03-15T09:00", "Humas Jember"),
        record("Jumat Berkah", OTHERS[0], "2024-03-15T10:00", "Humas Jember"),
        record("Copet Ditangkap", OTHERS[2], "2024-03-15T11:00", "Portal Jember"),
        record("Patroli Lagi", COPIES["a sentence added"], "2024-03-18T09:00", "Portal Lain"),
    )
    summary = import_paths([path])
    assert (summary.created, summary.merged) == (4, 0)


def test_a_corrected_copy_of_a_text_release_updates_it_instead_of_a_twin(units, jsonl):
    import_paths(
        [jsonl("a.jsonl", record("Patroli Dialogis", ORIGINAL, "2024-03-15T09:00", "Humas"))]
    )
    corrected = COPIES["a sign-off and typos fixed"]
    summary = import_paths(
        [jsonl("a.jsonl", record("Patroli Dialogis", corrected, "2024-03-15T09:00", "Humas"))]
    )
    assert (summary.created, summary.updated) == (0, 1)
    article = Article.objects.get()
    assert "sering beraksi" in article.body and article.slug == "patroli-dialogis"
    assert "salinan perbaikan" in summary.merges[0]
    assert (
        import_paths(
            [
                article_file := jsonl(
                    "a.jsonl", record("Patroli Dialogis", corrected, "2024-03-15T09:00", "Humas")
                )
            ]
        ).unchanged
        == 1
    ), article_file


def test_two_posts_of_one_site_are_two_releases_however_alike(units, jsonl):
    same = record("Patroli", ORIGINAL, "2024-03-15T09:00", "Humas", "https://a.example.id/?p=1")
    other = record("Patroli", ORIGINAL, "2024-03-15T09:00", "Humas", "https://a.example.id/?p=2")
    summary = import_paths([jsonl("a.jsonl", same, other)])
    assert (summary.created, summary.merged) == (2, 0)
    assert datetime.date(2024, 3, 15) == Article.objects.first().pub_date


def test_a_copy_in_the_same_file_as_its_original_is_merged_with_it(units, jsonl):
    # One batch, one chunk: the copy meets its original before either is in the database.
    path = jsonl(
        "a.jsonl",
        record("Patroli Dialogis di Pasar Tanjung", ORIGINAL, "2024-03-15T09:00", "Humas Jember"),
        record("Jumat Berkah", OTHERS[0], "2024-03-15T10:00", "Humas Jember"),
        record(
            "Polisi Patroli di Pasar Tanjung",
            COPIES["another dateline and a byline"],
            "2024-03-16T08:00",
            "Portal Jember",
            "https://portal.example.id/2024/03/16/patroli",
        ),
    )
    summary = import_paths([path])
    assert (summary.created, summary.merged) == (2, 1)
    merged = Article.objects.get(title="Patroli Dialogis di Pasar Tanjung")
    assert "Digabung: juga dimuat oleh Portal Jember" in merged.import_notes
    again = import_paths([path])
    assert (again.created, again.merged, again.unchanged) == (0, 0, 3)

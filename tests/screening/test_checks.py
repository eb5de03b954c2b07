"""The check's default rules on invented sentences: what must be flagged and what must not."""

import pytest

from screening.checks import PHOTO, check, current_rules, photo_texts, split_sentences
from screening.models import Rule

pytestmark = pytest.mark.django_db


def names(text, **kwargs):
    """Return (role, name) of each finding in a body made of text."""
    return [(f.role, f.name) for f in check(body=f"<p>{text}</p>", **kwargs)]


@pytest.mark.parametrize(
    ("sentence", "role", "name"),
    [
        (
            "Petugas mengamankan tersangka Budi Santoso (35) di rumahnya.",
            "tersangka",
            "Budi Santoso",
        ),
        ("Pelaku Sutrisno langsung dibawa ke Mapolsek.", "tersangka", "Sutrisno"),
        ("Terduga pelaku, Ahmad Fauzi, melarikan diri.", "tersangka", "Ahmad Fauzi"),
        ("Korban bernama Siti Aminah mengalami luka ringan.", "korban", "Siti Aminah"),
        ("Identitas korban yakni H. Abdul Rahman, warga Kaliwates.", "korban", "H. Abdul Rahman"),
        ("Rina Wulandari (15) dilaporkan hilang sejak Senin.", "anak", "Rina Wulandari"),
        ("Korban adalah Dewi (17) yang tinggal di Patrang.", "anak", "Dewi"),
        ("Saksi menyebut Yoga Pratama, 16 tahun, ada di lokasi.", "anak", "Yoga Pratama"),
        (
            "Muhammad Rizky bin Slamet, tersangka kasus itu, ditahan.",
            "tersangka",
            "Muhammad Rizky bin Slamet",
        ),
        ("Seorang pelajar, Andi Saputra, menjadi saksi.", "anak", "Andi Saputra"),
        ("Anak di bawah umur Lestari ditemukan selamat.", "anak", "Lestari"),
        ("Polisi memeriksa siswa Bagus Setiawan dari SMP setempat.", "anak", "Bagus Setiawan"),
    ],
)
def test_a_full_name_next_to_a_marker_is_found(sentence, role, name):
    assert (role, name) in names(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # Initials with an age, as releases should write them.
        "Petugas mengamankan tersangka AS (22) di rumahnya.",
        "Korban berinisial SN (16) mengalami luka ringan.",
        "Pelaku M.R. (30) sudah ditahan.",
        "Korban, AN (15), dirawat di Puskesmas.",
        # Officials' full names with their rank or position.
        "Kapolres Jember AKBP Bayu Pratama Gubunagi mengatakan tersangka AS (22) ditahan.",
        "Kasat Reskrim AKP Budi Santoso, tersangka kasus ini segera dilimpahkan, kata dia.",
        "AKBP Bayu Pratama, Kapolres Jember, menjenguk korban di rumah sakit.",
        "Korban Bripka Slamet Riyadi adalah anggota Polsek Kaliwates yang tertabrak.",
        # Places, things and plain text next to a marker.
        "Warga Desa Ajung, korban banjir, menerima bantuan.",
        "Polisi menangkap pelaku Curanmor di Jalan Gajah Mada.",
        "Jember - Tersangka pencurian kendaraan bermotor dibekuk.",
        "Kapolres memberikan santunan kepada anak yatim di Kaliwates.",
        "Anak-anak Bhayangkari mengikuti lomba mewarnai.",
        # Ages of 18 and above, and years that are not ages.
        "Rina Wulandari (18) dilaporkan hilang sejak Senin.",
        "Yoga Pratama, 18 tahun, ada di lokasi.",
        "Budi Santoso terancam hukuman 15 tahun penjara.",
        "Bambang Wijaya (45) memimpin apel pagi.",
        # A common word opening the sentence.
        "Kedua pelaku kini ditahan di Mapolsek Kaliwates.",
        "Dua pelaku ditangkap.",
    ],
)
def test_what_releases_may_say_is_not_flagged(sentence):
    assert names(sentence) == []


def test_17_is_a_minor_and_18_is_not():
    assert ("anak", "Dewi Lestari") in names("Dewi Lestari (17) ditemukan.")
    assert names("Dewi Lestari (18) ditemukan.") == []
    assert ("anak", "Dewi Lestari") in names("Dewi Lestari, 17 tahun, ditemukan.")
    assert names("Dewi Lestari, 18 tahun, ditemukan.") == []


def test_each_finding_names_the_sentence_it_comes_from():
    body = (
        "<p>Polsek Kaliwates menggelar patroli. Petugas lalu mengamankan tersangka Budi "
        "Santoso (35). Barang bukti dibawa ke Mapolsek.</p>"
    )
    (finding,) = check(body=body)
    assert finding.sentence == "Petugas lalu mengamankan tersangka Budi Santoso (35)."
    assert finding.where == "isi"
    assert "Budi Santoso" in str(finding.message)


def test_title_lead_and_caption_are_checked_too():
    findings = check(
        title="Korban Siti Aminah Dirawat",
        lead="Pelaku Joko Susilo diamankan.",
        body="<p>Korban Siti Aminah mengalami luka.</p>",
        caption="Tersangka Eko Prasetyo saat diamankan.",
    )
    assert {(f.where, f.name) for f in findings} >= {
        ("judul", "Siti Aminah"),
        ("ringkasan", "Joko Susilo"),
        ("isi", "Siti Aminah"),
        ("keterangan foto", "Eko Prasetyo"),
    }


def test_a_headline_flags_only_words_the_body_writes_as_names():
    findings = check(
        title="Polres Jember Amankan Budi, Pelaku Pencurian Motor Di Patrang",
        body="<p>Polisi mengamankan Budi, pelaku pencurian motor di Patrang.</p>",
    )
    assert [f.name for f in findings if f.where == "judul"] == ["Budi"]
    # "Pencurian" follows the marker, but the body writes it in small letters: not a name.
    assert check(title="Polres Jember Amankan Tersangka Pencurian Motor", body="<p>x</p>") == []
    assert check(title="TERSANGKA PENCURIAN DIAMANKAN", body="<p>pencurian</p>") == []


def test_a_photo_asks_to_confirm_that_faces_are_hidden():
    findings = check(body="<p>Patroli rutin.</p>", caption="Petugas berpatroli.", photo="a.jpg")
    assert [(f.role, f.sentence) for f in findings] == [(PHOTO, "Petugas berpatroli.")]
    assert check(body="<p>Patroli rutin.</p>", photo=None) == []


def test_every_photo_caption_is_read_and_the_reminder_is_about_the_main_photo():
    photos = [("releases/ab/a.jpg", "Petugas berjaga."), ("releases/ab/b.jpg", "")]
    photos.append(("releases/ab/c.jpg", "Tersangka Budi Santoso digiring."))
    findings = check(body="<p>Patroli rutin.</p>", **photo_texts(photos))
    assert [(f.role, f.name) for f in findings[:-1]] == [("tersangka", "Budi Santoso")]
    reminder = findings[-1]
    assert (reminder.role, reminder.sentence) == (PHOTO, "Petugas berjaga.")
    # Another photo's caption changing does not ask again about the main photo.
    photos[1] = ("releases/ab/b.jpg", "Barang bukti.")
    assert check(**photo_texts(photos))[-1].key == reminder.key
    photos.reverse()
    assert check(**photo_texts(photos))[-1].key != reminder.key
    assert check(**photo_texts([])) == []


def test_the_same_finding_keeps_its_key_and_a_changed_sentence_gets_a_new_one():
    first = check(body="<p>Korban Siti Aminah dirawat.</p>")[0]
    again = check(body="<p>Korban  Siti Aminah dirawat.</p>")[0]
    changed = check(body="<p>Korban Siti Aminah dirawat di rumah.</p>")[0]
    assert first.key == again.key != changed.key


def test_the_office_adds_its_own_words_and_patterns():
    sentence = "Santri Fajar Nugroho dilaporkan hilang."
    assert names(sentence) == []
    Rule.objects.create(kind=Rule.Kind.WORD, role=Rule.Role.MINOR, value="santri")
    assert names(sentence) == [("anak", "Fajar Nugroho")]
    Rule.objects.create(kind=Rule.Kind.PATTERN, role=Rule.Role.VICTIM, value=r"\bkorbannya\b")
    assert ("korban", "Rudi") in names("Korbannya Rudi sudah pulang.")


def test_a_pattern_that_cannot_be_joined_with_the_others_still_finds_its_names():
    # A back reference counts groups: joined into the one pattern that skips sentences
    # without a marker, it would point at another rule's group.
    Rule.objects.create(kind=Rule.Kind.PATTERN, role=Rule.Role.MINOR, value=r"\b(santri)wati\b")
    Rule.objects.create(kind=Rule.Kind.PATTERN, role=Rule.Role.VICTIM, value=r"\b(ko)rban\1\b")
    assert current_rules().anything is None
    assert ("korban", "Rudi") in names("Korbanko Rudi sudah pulang.")
    Rule.objects.filter(value__contains="\\1").delete()
    rules = current_rules()
    assert rules.anything is not None and not rules.anything.search("Warga berkumpul.")
    assert names("Korban bernama Siti Aminah dirawat.") == [("korban", "Siti Aminah")]


def test_an_inactive_or_an_official_rule_changes_the_result():
    Rule.objects.filter(kind=Rule.Kind.WORD, value="korban").update(active=False)
    assert names("Korban bernama Siti Aminah dirawat.") == []
    Rule.objects.create(kind=Rule.Kind.OFFICIAL, value="Kepala Dusun")
    assert names("Dusun Krajan: Kepala Dusun Sugeng, pelaku ditangkap.") == []


def test_sentences_are_not_split_at_titles_and_initials():
    assert split_sentences("Korban H. Abdul Rahman dirawat. Pelaku M.R. kabur.") == [
        "Korban H. Abdul Rahman dirawat.",
        "Pelaku M.R. kabur.",
    ]


def test_an_invalid_pattern_is_refused_with_a_message():
    from django.core.exceptions import ValidationError

    rule = Rule(kind=Rule.Kind.PATTERN, role=Rule.Role.MINOR, value="(umur")
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "Pola tidak sah" in str(error.value)


def test_a_one_word_name_opening_a_sentence_counts_when_the_text_names_it_elsewhere():
    text = "Sutrisno, pelaku pencurian itu, ditangkap."
    assert names(text) == []
    assert ("tersangka", "Sutrisno") in names(f"{text} Polisi lalu memeriksa Sutrisno.")

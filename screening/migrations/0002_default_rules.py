"""The rules the check starts with; the office adds its own in the admin."""

from django.db import migrations

MARKER_WORDS = {
    "tersangka": ["tersangka", "pelaku", "terduga pelaku"],
    "korban": ["korban"],
    "anak": ["anak", "pelajar", "siswa", "siswi", "di bawah umur"],
}
MARKER_PATTERNS = {
    # An age under 18 in brackets, "(15)" or "(15 th)", or in words, "15 tahun" (not a
    # sentence such as "15 tahun penjara").
    "anak": [
        r"\(\s*(?:[0-9]|1[0-7])\s*(?:th|thn|tahun)?\s*\)",
        r"(?<![\d,.])\b(?:[0-9]|1[0-7])\s*(?:tahun|thn|th)\b(?!\s+(?:penjara|kurungan|bui))",
    ],
}
OFFICIALS = [
    # Ranks of Polri and TNI, and positions, standing before an official's name.
    "Jenderal", "Komjen", "Irjen", "Brigjen", "Kombes", "Kombespol", "AKBP", "Kompol", "AKP",
    "Iptu", "Ipda", "Aiptu", "Aipda", "Bripka", "Brigpol", "Brigadir", "Briptu", "Bripda",
    "Abripda", "Abriptu", "Abrip", "Bharaka", "Bharatu", "Bharada", "Pol", "Kapolri",
    "Kapolda", "Wakapolda", "Kapolres", "Wakapolres", "Kapolresta", "Kapolsek", "Wakapolsek",
    "Kasat", "Kasatreskrim", "Kasatlantas", "Kasatresnarkoba", "Kasatbinmas", "Kasatsamapta",
    "Kasi", "Kasubsi", "Kabag", "Kabid", "Kanit", "Kaur", "Panit", "Katim", "Paur",
    "Bhabinkamtibmas", "Babinsa", "Dandim", "Danramil", "Bupati", "Wabup", "Wali", "Camat",
    "Kades", "Lurah", "Ketua", "Kajari", "Kajati", "Jaksa", "Hakim", "Sekda", "Gubernur",
    "Letkol", "Mayor", "Kapten", "Lettu", "Letda", "Serma", "Serka", "Sertu", "Serda",
    "Kopda", "Pratu", "Humas",
]
HONORIFICS = [
    "H", "Hj", "Drs", "Dra", "Dr", "dr", "Ir", "Prof", "KH", "Ust", "Ustadz", "Gus", "Ning",
    "Moh", "Muh", "Mbah", "Bu", "Pak", "Ibu", "Bapak", "Mas", "Mbak", "Nyonya", "Tuan",
]
NOT_NAMES = [
    # Capitalised words that follow a marker in releases but are not names.
    "Polri", "Polda", "Polres", "Polresta", "Polsek", "Mapolres", "Mapolsek", "Satreskrim",
    "Reskrim", "Satlantas", "Satresnarkoba", "Unit", "Tim", "Resmob", "Desa", "Dusun",
    "Kelurahan", "Kecamatan", "Kabupaten", "Kota", "Provinsi", "Jalan", "Jl", "Jln", "Gang",
    "Perumahan", "Pasar", "Rumah", "Sakit", "RSUD", "Puskesmas", "Kantor", "Sekolah",
    "Pondok", "Pesantren", "Kampus", "Universitas", "Senin", "Selasa", "Rabu", "Kamis",
    "Jumat", "Sabtu", "Minggu", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember", "Pasal", "Undang", "Kitab",
    "Laka", "Lantas", "Curanmor", "Curat", "Curas", "Narkoba", "Sabu", "Operasi", "Ops",
    "Tempat", "Kejadian", "Perkara", "Indonesia", "Jawa", "Timur", "Barat", "Tengah",
    "Warga", "Negara", "Negeri", "Swasta", "Islam", "Kristen", "Katolik", "Hindu", "Buddha",
    "Tuhan", "Allah", "Bhayangkara", "Bhayangkari", "Kapal", "Mobil", "Motor", "Honda",
    "Yamaha", "Suzuki", "Toyota", "Kawasaki", "Kedua", "Ketiga", "Keempat", "Para", "Seorang",
    "Sementara", "Selain", "Saat", "Setelah", "Sebelum", "Kini", "Adapun", "Diketahui",
]


def create_rules(apps, schema_editor):
    Rule = apps.get_model("screening", "Rule")
    rows = [
        ("kata", role, value) for role, values in MARKER_WORDS.items() for value in values
    ]
    rows += [("pola", role, value) for role, values in MARKER_PATTERNS.items() for value in values]
    rows += [("pejabat", "", value) for value in OFFICIALS]
    rows += [("gelar", "", value) for value in HONORIFICS]
    rows += [("bukan_nama", "", value) for value in NOT_NAMES]
    for kind, role, value in rows:
        Rule.objects.get_or_create(kind=kind, value=value, defaults={"role": role})


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    # Going back keeps the rules: the office may have edited them.
    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]

import pathlib

from articles.importers.detect import collect_files, detect_format


def test_folders_are_read_recursively_without_hidden_or_foreign_files(write, tmp_path):
    write("2023/januari/rilis-1.txt", "x")
    write("2023/rilis-2", "x")
    write("ekspor.xml", "<rss/>")
    write("data.jsonl", "{}")
    write(".git/config", "x")
    write("foto.jpg", b"\xff\xd8")
    files, failures = collect_files([tmp_path, tmp_path / "tidak-ada"])
    assert [pathlib.Path(p).relative_to(tmp_path).as_posix() for p in files] == [
        "2023/januari/rilis-1.txt",
        "2023/rilis-2",
        "data.jsonl",
        "ekspor.xml",
    ]
    assert [str(f) for f in failures] == [
        f"{tmp_path / 'tidak-ada'}: tidak ada berkas atau folder dengan nama ini"
    ]


def test_format_by_extension_else_by_the_first_characters(write):
    assert detect_format(write("a.TXT", "[FOTO] Judul")) == "text"
    assert detect_format(write("a.wxr", "x")) == "wxr"
    assert detect_format(write("a.ndjson", "x")) == "json"
    assert detect_format(write("tanpa-akhiran", "\ufeff  <?xml version='1.0'?><rss/>")) == "wxr"
    assert detect_format(write("tanpa-akhiran-2", '\n{"title": "A"}')) == "json"
    assert detect_format(write("tanpa-akhiran-3", "Judul\n\nIsi")) == "text"


def test_format_option_overrides_detection(units, run_import, write):
    path = write(
        "rilis.dat", '{"title": "Patroli", "body": "<p>Isi.</p>", "published_at": "2024-09-01"}'
    )
    assert "1 dibuat" in run_import(path, format="json").out

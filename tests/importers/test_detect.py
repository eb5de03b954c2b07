import pathlib

from articles.importers import ImportFailure
from articles.importers.detect import collect_files, detect_format
from articles.importers.wxr import Skipped


def test_folders_are_read_recursively_without_hidden_or_foreign_files(write, tmp_path):
    write("2023/januari/rilis-1.txt", "x")
    write("2023/rilis-2", "x")
    write("ekspor.xml", "<rss/>")
    write("data.jsonl", "{}")
    write(".git/config", "x")
    write("foto.jpg", b"\xff\xd8")
    write("README.md", "# Ekspor portal Polres Jember, 2019-2024")
    write("2023/LICENSE", "x")
    files, others = collect_files([tmp_path, tmp_path / "tidak-ada"])
    assert [pathlib.Path(p).relative_to(tmp_path).as_posix() for p in files] == [
        "2023/januari/rilis-1.txt",
        "2023/rilis-2",
        "data.jsonl",
        "ekspor.xml",
    ]
    # A folder's own documents are not releases: skipped, and counted as such.
    skipped = [item for item in others if isinstance(item, Skipped)]
    assert [(item.where, item.kind) for item in skipped] == [
        (str(tmp_path / "2023/LICENSE"), "dokumen folder"),
        (str(tmp_path / "README.md"), "dokumen folder"),
    ]
    assert [str(f) for f in others if isinstance(f, ImportFailure)] == [
        f"{tmp_path / 'tidak-ada'}: tidak ada berkas atau folder dengan nama ini"
    ]


def test_a_folder_document_is_skipped_in_a_folder_and_read_when_named(units, run_import, write):
    release = "Patroli Subuh Polres Jember\n\n01/09/2024\n\nJember - Patroli subuh digelar.\n"
    readme = write("rilis/README.md", "# Ekspor portal\n\nBerkas rilis Polres Jember.\n")
    write("rilis/patroli.txt", release)
    result = run_import(readme.parent)
    assert not result.failed, result.err
    assert "1 dibuat" in result.out and "1 dilewati (1 dokumen folder)" in result.out
    # Named on its own, the file is read (and here refused: it holds no release).
    assert run_import(readme).failed


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

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError

from articles.importers import ImportFailure, import_paths
from articles.importers.detect import FORMATS


class Command(BaseCommand):
    help = (
        "Impor rilis yang sudah ada dari berkas teks portal, ekspor WordPress (WXR) atau JSON. "
        "Aman diulang: rilis yang sama tidak pernah digandakan."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Berkas atau folder.")
        parser.add_argument(
            "--format",
            choices=["auto", *FORMATS],
            default="auto",
            help="Bawaan: dikenali per berkas.",
        )
        parser.add_argument("--unit", metavar="SLUG", help="Satuan untuk semua rilis.")
        parser.add_argument("--status", choices=["published", "draft"], help="Status semua rilis.")
        parser.add_argument("--encoding", help="Pengodean berkas teks, mis. cp1252.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Tampilkan hasilnya tanpa menulis apa pun."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Semua atau tidak sama sekali: satu gagal, batal semua.",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Rilis per transaksi.")
        parser.add_argument(
            "--year",
            type=int,
            help="Tahun untuk penanda hari tanpa tahun di rilis teks, mis. 'Senin pagi (21/8)'.",
        )
        parser.add_argument(
            "--date",
            type=parse_date_option,
            help="Tanggal terbit satu berkas teks: 2024-11-16 atau 2024-11-16T09:30.",
        )
        parser.add_argument(
            "--create-units",
            action="store_true",
            help="Buat satuan yang disebut rilis tetapi belum ada (di bawah Polda yang disebut).",
        )
        parser.add_argument(
            "--publish-unsure",
            action="store_true",
            help="Terbitkan juga rilis yang diragukan importir (bawaan: ditahan untuk ditinjau).",
        )
        parser.add_argument(
            "--media",
            metavar="FOLDER",
            help="Salinan wp-content/uploads situs WordPress, untuk foto ekspor WXR.",
        )
        parser.add_argument(
            "--report",
            metavar="FILE.csv",
            help="Tulis laporan CSV: satu baris per rilis (berkas, hasil, judul, satuan, "
            "tanggal, catatan).",
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Bila impor lain sedang berjalan, tunggu sampai selesai (bawaan: berhenti).",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        # A bar on a terminal; with -v 2 each release gets its own line instead.
        self.tty = (
            getattr(self.stdout._out, "isatty", lambda: False)() and options["verbosity"] == 1
        )
        try:
            summary = import_paths(
                options["paths"],
                fmt=options["format"],
                unit=options["unit"],
                status=options["status"],
                encoding=options["encoding"],
                dry_run=options["dry_run"],
                strict=options["strict"],
                batch_size=max(1, options["batch_size"]),
                progress=self.progress if options["verbosity"] > 0 else None,
                report=self.stdout.write if options["verbosity"] > 1 else None,
                year=options["year"],
                date=options["date"],
                create_units=options["create_units"],
                publish_unsure=options["publish_unsure"],
                media=options["media"],
                notify=self.notify,
                wait=options["wait"],
                report_file=options["report"],
            )
        except ImportFailure as failure:
            raise CommandError(str(failure)) from None
        if self.tty:
            self.stdout.write("")
        for unit in summary.created_units:
            self.stdout.write(self.style.WARNING(f"Satuan dibuat: {unit}"))
        for merge in summary.merges:
            self.stdout.write(f"Digabung: {merge}")
        line = (
            f"{summary.created} dibuat, {summary.updated} diperbarui, "
            f"{summary.unchanged} tidak berubah, {summary.failed} gagal"
        )
        if summary.merged:
            line += f", {summary.merged} digabung dengan rilis yang sudah ada"
        if summary.held:
            line += f", {summary.held} ditahan untuk ditinjau editor"
        if summary.skipped:
            kinds = ", ".join(
                f"{count} {kind}" for kind, count in sorted(summary.skipped_kinds.items())
            )
            line += f", {summary.skipped} dilewati ({kinds})"
        if options["dry_run"]:
            self.stdout.write(
                self.style.WARNING(f"Uji coba (--dry-run), tidak ada yang ditulis: {line}.")
            )
        elif summary.rolled_back:
            self.stdout.write(
                self.style.ERROR(f"--strict: ada yang gagal, tidak ada yang ditulis: {line}.")
            )
        elif summary.failed:
            self.stdout.write(self.style.WARNING(f"Selesai dengan kegagalan: {line}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Selesai: {line}."))
        if summary.failed:
            raise CommandError(f"{summary.failed} kegagalan; lihat pesan di atas.")

    def notify(self, kind, line):
        """Print a note or a failure the moment it is known, above the progress bar."""
        prefix = "\r\033[K" if self.tty else ""
        if kind != "gagal" and self.verbosity == 0:
            return
        if kind == "gagal":
            self.stderr.write(prefix + self.style.ERROR(f"Gagal: {line}"))
        else:
            self.stdout.write(prefix + self.style.WARNING(f"Catatan: {line}"))

    def progress(self, done, total, releases):
        """Draw a bar on a terminal; elsewhere, a plain line every tenth of the files."""
        if self.tty:
            width = 30
            filled = width * done // max(total, 1)
            self.stdout.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} berkas, "
                f"{releases} rilis",
                ending="",
            )
            self.stdout.flush()
        elif total >= 20 and done and done % max(1, total // 10) == 0:
            self.stdout.write(f"{done}/{total} berkas, {releases} rilis")
        elif total < 20 and releases and releases % 1000 == 0:
            self.stdout.write(f"{releases} rilis")


def parse_date_option(value):
    """Return --date as a date (a day) or a datetime (a moment; its zone if written)."""
    try:
        if len(value.strip()) <= 10:
            return datetime.date.fromisoformat(value.strip())
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tanggal tidak sah: {value} (pakai 2024-11-16 atau 2024-11-16T09:30)"
        ) from None

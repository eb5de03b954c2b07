import datetime

from django.core.management.base import BaseCommand, CommandError

from articles.photos import UNATTACHED_GRACE, remove_unattached


class Command(BaseCommand):
    help = (
        "Hapus foto yang diunggah tetapi tidak pernah dipasang ke rilis mana pun "
        "(formulir ditinggalkan), beserta berkasnya."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=int(UNATTACHED_GRACE.total_seconds() // 3600),
            help="Hanya unggahan yang lebih tua dari sekian jam (bawaan: 24).",
        )

    def handle(self, *args, **options):
        if options["hours"] < 1:
            raise CommandError(
                "--hours harus paling sedikit 1: formulir yang masih terbuka butuh fotonya"
            )
        count = remove_unattached(datetime.timedelta(hours=options["hours"]))
        self.stdout.write(self.style.SUCCESS(f"{count} unggahan foto tak terpakai dihapus."))

import contextlib
import json

from django.core.management.base import BaseCommand, CommandError

from articles.importers.jsonl import article_to_record
from articles.models import Article, Unit


class Command(BaseCommand):
    help = (
        "Ekspor rilis sebagai JSON Lines (satu rilis per baris), "
        "yang dapat diimpor kembali dengan import_releases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE", help="Bawaan: keluaran standar.")
        parser.add_argument("--unit", metavar="SLUG", help="Hanya rilis satuan ini.")

    def handle(self, *args, **options):
        articles = (
            Article.objects.select_related("unit", "operation")
            .prefetch_related("authors", "tags", "photos")
            .order_by("published_at", "pk")
        )
        if options["unit"]:
            if not Unit.objects.filter(slug=options["unit"]).exists():
                raise CommandError(f"satuan dengan slug '{options['unit']}' tidak ada")
            articles = articles.filter(unit__slug=options["unit"])
        target = options["output"]
        with contextlib.ExitStack() as stack:
            stream = stack.enter_context(open(target, "w", encoding="utf-8")) if target else None
            count = 0
            for article in articles.iterator(chunk_size=500):
                line = json.dumps(article_to_record(article), ensure_ascii=False)
                if stream:
                    stream.write(line + "\n")
                else:
                    self.stdout.write(line)
                count += 1
        if target:
            self.stderr.write(self.style.SUCCESS(f"{count} rilis diekspor ke {target}."))

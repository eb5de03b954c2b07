from django.core.management import BaseCommand, call_command

from articles.models import Unit


class Command(BaseCommand):
    help = "Load the unit tree and the existing releases once, into an empty database."

    def handle(self, *args, **options):
        # loaddata overwrites rows with the same key, so never run it over an
        # editor's work: only an empty database gets the fixtures.
        if Unit.objects.exists():
            self.stdout.write("Data already present; fixtures not loaded again.")
            return
        call_command("loaddata", "units", "releases", "office", "operations", stdout=self.stdout)

from django.core.management.base import BaseCommand

from search import index


class Command(BaseCommand):
    help = "Rebuild the site search's index from the database (it is otherwise kept current)."

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(f"Search index: {count} entries.")

"""Write the "temporarily unavailable" page in every language, for nginx to show when no
instance answers (deploy/nginx.conf: error_page 502 504, location /_unavailable/)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template import loader
from django.utils import translation


class Command(BaseCommand):
    help = "Write 503.<language>.html for each language into a folder nginx reads."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        folder.mkdir(parents=True, exist_ok=True)
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                # Without a request, as the 400 page: nothing in it may depend on one.
                html = loader.render_to_string("503.html")
            (folder / f"503.{code}.html").write_text(html, encoding="utf-8")
        self.stdout.write(f"{len(settings.LANGUAGES)} pages written to {folder}")

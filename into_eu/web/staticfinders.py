import os

import xstatic.pkg.jquery_ui
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


class JQueryUIFinder(BaseFinder):
    """Serve the one file modeltranslation's tabbed admin needs from XStatic-jQuery-UI.

    The package's themes reference images it does not ship, which breaks the
    manifest storage, so only the script is exposed.
    """

    prefix = "jquery-ui"
    name = "jquery-ui.min.js"

    def __init__(self, *args, **kwargs):
        self.storage = FileSystemStorage(location=xstatic.pkg.jquery_ui.BASE_DIR)
        self.storage.prefix = self.prefix

    def find(self, path, find_all=False, **kwargs):
        if path == f"{self.prefix}/{self.name}":
            match = os.path.join(xstatic.pkg.jquery_ui.BASE_DIR, self.name)
            return [match] if find_all else match
        return [] if find_all else None

    def list(self, ignore_patterns):
        yield self.name, self.storage

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import backends, checks, index  # noqa: F401 (checks registers itself)

        connection_created.connect(backends.add_sqlite_functions, dispatch_uid="search-sqlite")
        index.connect_signals()
        post_migrate.connect(index.fill_if_empty, sender=self, dispatch_uid="search-fill")

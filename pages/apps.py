from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    # The label the app had when its code lived in into_eu/: its table, migrations,
    # permissions (into_eu.publish_content), history and admin addresses were made under
    # it, so moving the code moved no data.
    label = "into_eu"
    verbose_name = _("Project pages")

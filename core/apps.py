from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class CoreConfig(AppConfig):
    """Building blocks every app uses, its admin templates and commands, and the staff
    members' languages (for the mails they get)."""

    name = "core"
    verbose_name = "IN.TO.EU core"

    def ready(self):
        from .models import remember_language

        user_logged_in.connect(remember_language, dispatch_uid="core-staff-language")

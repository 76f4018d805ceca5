from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registration for meetings")

    def ready(self):
        from core import personal_data

        from . import people, tasks

        personal_data.register("registrations", people.held_about, people.erase)
        # Reminders and the deletion of personal data keep themselves scheduled; migrate
        # makes sure one run is waiting.
        post_migrate.connect(tasks.schedule_sweep, sender=self, dispatch_uid="registrations-sweep")

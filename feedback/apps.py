from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Accessibility feedback")

    def ready(self):
        from core import personal_data

        from . import handling, tasks

        personal_data.register("feedback", handling.held_about, handling.erase)
        post_migrate.connect(tasks.schedule_sweep, sender=self, dispatch_uid="feedback-sweep")

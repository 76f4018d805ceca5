from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("E-mail alerts")

    def ready(self):
        from core import personal_data

        from . import subscriptions, tasks

        personal_data.register("alerts", subscriptions.held_about, subscriptions.erase)

        # The hourly clean-up keeps itself scheduled; migrate (run by `make run` and by
        # every deploy) makes sure one is waiting.
        post_migrate.connect(tasks.schedule_sweep, sender=self, dispatch_uid="alerts-sweep")

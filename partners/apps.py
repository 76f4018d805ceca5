from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from .models import Partner

        post_save.connect(give_new_partner_an_editor_group, sender=Partner)


def give_new_partner_an_editor_group(sender, instance, created, raw=False, **kwargs):
    """Each partner gets its own editors group the moment it exists."""
    if created and not raw:
        from django.contrib.auth.models import Group, Permission

        from core.roles import sync_partner_group

        sync_partner_group(instance, Group, Permission)

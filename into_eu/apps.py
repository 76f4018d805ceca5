from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class IntoEuConfig(AppConfig):
    name = "into_eu"
    verbose_name = "IN.TO.EU"

    def ready(self):
        from partners.models import Partner

        from . import checks  # noqa: F401 (registers the deployment checks)
        from .pagecache import content_changed

        # Any model's signal, so that content apps added later invalidate pages too.
        post_save.connect(content_changed, dispatch_uid="pagecache-save")
        post_delete.connect(content_changed, dispatch_uid="pagecache-delete")
        m2m_changed.connect(content_changed, dispatch_uid="pagecache-m2m")
        post_save.connect(give_new_partner_an_editor_group, sender=Partner)


def give_new_partner_an_editor_group(sender, instance, created, raw=False, **kwargs):
    """Each partner gets its own editors group the moment it exists."""
    if created and not raw:
        from django.contrib.auth.models import Group, Permission

        from .roles import sync_partner_group

        sync_partner_group(instance, Group, Permission)

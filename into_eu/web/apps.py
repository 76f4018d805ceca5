from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class WebConfig(AppConfig):
    name = "into_eu.web"
    label = "web"
    verbose_name = "Web layer"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .pagecache import content_changed

        # Any model's signal, so that content apps added later invalidate pages too.
        post_save.connect(content_changed, dispatch_uid="pagecache-save")
        post_delete.connect(content_changed, dispatch_uid="pagecache-delete")
        m2m_changed.connect(content_changed, dispatch_uid="pagecache-m2m")

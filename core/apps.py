from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Building blocks every app uses; an app only for its admin templates and commands."""

    name = "core"
    verbose_name = "IN.TO.EU core"

"""How settings are read from the environment, shared by the Django settings and by
gunicorn.conf.py, which must not import the settings (in production they refuse to load
without a SECRET_KEY, and gunicorn reads its configuration before Django starts)."""

import os


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]

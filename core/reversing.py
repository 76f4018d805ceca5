"""URL reversing and static files' URLs, memoised.

Reversing a name walks the URLconf and matches regular expressions; a page needs
thirty of them (menus, footer, one per card). The answer depends only on the arguments,
the active language, the script prefix and the URLconf, all part of the key, and the
URLconf does not change while the process runs. Slugs are keys, not content: a renamed
item simply asks for a new entry. A static file's URL (its hashed name, from the
manifest read at start) likewise does not change while the process runs.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language


def reverse(viewname, args=(), kwargs=None, current_app=None):
    key_kwargs = tuple(sorted(kwargs.items())) if kwargs else ()
    try:
        return _reverse(
            viewname,
            tuple(args),
            key_kwargs,
            current_app,
            get_language(),
            get_script_prefix(),
            get_urlconf(),
        )
    except TypeError:  # an argument that cannot be a key: reverse it each time
        return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)


@lru_cache(maxsize=4096)
def _reverse(viewname, args, kwargs, current_app, _language, _prefix, urlconf):
    return django_reverse(
        viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


@lru_cache(maxsize=256)
def static(path):
    return django_static(path)


@receiver(setting_changed)
def _forget(**kwargs):
    # Tests may swap the URLconf, the admin's address or the static files' storage.
    _reverse.cache_clear()
    static.cache_clear()

"""URL reversing, memoised.

Reversing a name walks the URLconf and matches regular expressions; a page needs
thirty of them (menus, footer, one per card). The answer depends only on the arguments,
the active language, the script prefix and the URLconf, all part of the key, and the
URLconf does not change while the process runs. Slugs are keys, not content: a renamed
item simply asks for a new entry.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as parse_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.html import conditional_escape
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


@receiver(setting_changed)
def _forget(**kwargs):
    # Tests may swap the URLconf or the admin's address.
    _reverse.cache_clear()


class MemoURLNode(URLNode):
    """Django's `{% url %}`, through the memoised reverse."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        current_app = _current_app(getattr(context, "request", None))
        url = ""
        try:
            url = reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _current_app(request):
    # As Django's own tag decides it.
    try:
        return request.current_app
    except AttributeError:
        try:
            return request.resolver_match.namespace
        except AttributeError:
            return None


def url(parser, token):
    node = parse_url(parser, token)
    return MemoURLNode(node.view_name, node.args, node.kwargs, node.asvar)

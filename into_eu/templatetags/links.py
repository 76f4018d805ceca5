"""`{% load links %}` replaces Django's `{% url %}` with the same tag, memoised.

See into_eu/reversing.py; a template that does not load it gets Django's own, only slower.
"""

from django import template

from into_eu import reversing

register = template.Library()
register.tag("url", reversing.url)

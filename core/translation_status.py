"""Which translations are missing: the same answer for the admin and the command line.

A translated field counts as missing in a language when it has text in some
language but not in that one; a field empty everywhere is simply unused.
"""

from django.conf import settings
from django.urls import reverse
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def translated_fields(model):
    """The model's translated fields, in the order they are declared."""
    names = set(translator.get_options_for_model(model).fields)
    return [field.name for field in model._meta.fields if field.name in names]


def missing_translations(obj):
    """{language: [field, …]} for the languages where this object lacks text."""
    missing = {}
    for field in translated_fields(type(obj)):
        values = {
            code: (getattr(obj, build_localized_fieldname(field, code)) or "").strip()
            for code in LANGUAGE_CODES
        }
        if any(values.values()):
            for code, value in values.items():
                if not value:
                    missing.setdefault(code, []).append(field)
    return missing


def translated_models():
    return [model for model in translator.get_registered_models() if not model._meta.abstract]


def report(querysets):
    """Rows of (object, admin change URL, {language: [fields]}) for incomplete objects."""
    rows = []
    for queryset in querysets:
        opts = queryset.model._meta
        for obj in queryset:
            missing = missing_translations(obj)
            if missing:
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
                rows.append((obj, url, missing))
    return rows

from modeltranslation.translator import TranslationOptions, register

from .models import Coverage


@register(Coverage)
class CoverageTranslationOptions(TranslationOptions):
    fields = ("summary",)
    required_languages = ("sq",)

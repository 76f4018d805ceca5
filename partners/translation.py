from modeltranslation.translator import TranslationOptions, register

from .models import Partner


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "town", "country", "summary", "description", "image_alt")
    required_languages = ("sq",)

from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotForm(forms.Form):
    """A field hidden from people and from assistive technology (templates/includes/
    forms.html, `honeypot`), which robots fill in: the public forms' protection without a
    CAPTCHA. A form that caught one is answered as if it had worked, and does nothing."""

    website = forms.CharField(required=False, max_length=200)

    @property
    def is_from_robot(self):
        return bool(self.data.get("website"))


class ConsentField(forms.BooleanField):
    """The consent box: its label is the whole text agreed to; the error summary names it
    by `summary_name`, a link of a few words rather than the whole sentence."""

    summary_name = _("Your consent")

from django import forms


class HoneypotForm(forms.Form):
    """A field hidden from people and from assistive technology (templates/includes/
    forms.html, `honeypot`), which robots fill in: the public forms' protection without a
    CAPTCHA. A form that caught one is answered as if it had worked, and does nothing."""

    website = forms.CharField(required=False, max_length=200)

    @property
    def is_from_robot(self):
        return bool(self.data.get("website"))

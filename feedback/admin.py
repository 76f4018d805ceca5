"""Feedback in the admin: project editors read each message, answer it (the worker mails
the answer) and close it. Nobody adds messages here; they come from the public form."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_roles import RoleAdminMixin

from . import handling
from .models import Feedback


class FeedbackForm(forms.ModelForm):
    send_answer = forms.BooleanField(
        label=gettext_lazy("Send the answer"),
        required=False,
        help_text=gettext_lazy(
            "Mails the answer above to the address given, and marks it answered."
        ),
    )

    class Meta:
        model = Feedback
        fields = ["status", "answer"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("send_answer"):
            if not self.instance.email:
                self.add_error("send_answer", _("This message left no address to answer to."))
            if not cleaned.get("answer", "").strip():
                self.add_error("answer", _("Write the answer to send."))
        return cleaned


@admin.register(Feedback)
class FeedbackAdmin(RoleAdminMixin, admin.ModelAdmin):
    form = FeedbackForm
    list_display = ["received_at", "page", "status", "language", "answered_at"]
    list_filter = ["status", "language"]
    search_fields = ["page", "message"]
    fields = [
        "received_at",
        "page",
        "message",
        "email",
        "language",
        "status",
        "answer",
        "send_answer",
        "answered_at",
        "answered_by",
    ]
    readonly_fields = [
        "received_at",
        "page",
        "message",
        "email",
        "language",
        "answered_at",
        "answered_by",
    ]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if form.cleaned_data.get("send_answer"):
            handling.answered(obj, request.user, now)
            messages.info(request, _("The answer is on its way to the sender."))
        elif "status" in form.changed_data and obj.status != Feedback.Status.NEW:
            obj.settled_at = now
        super().save_model(request, obj, form, change)

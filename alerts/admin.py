"""The alerts in the admin.

On a meeting's or announcement's form, editors who may publish it choose whether its
publication (or, for a meeting, a change of date, time, place or status) sends alerts,
see how many mails each version queued, sent and failed, and can send themselves a test
alert in any language. Project editors see the subscribers, and export or erase all that
is held about one address (GDPR Articles 15 and 17); partner editors see counts only.
"""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult
from modeltranslation.utils import build_localized_fieldname

from core import personal_data
from meetings.admin import AnnouncementAdmin, MeetingAdmin
from meetings.models import CALENDAR_FIELDS, Announcement, Meeting

from . import planning, tasks
from .models import Delivery, Subscriber

# The task results' pages exist in English only; what staff need of the queue (each
# item's mails) is on the item's own form.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

VENUE_FIELDS = {
    build_localized_fieldname(name, code)
    for name in ("venue_name", "venue_address")
    for code, _name in settings.LANGUAGES
}


def changes_plans(form):
    """A change to what a meeting's attendees plan by: date, time, zone, place, status.
    Filling in a missing translation of the venue is not one."""
    return any(
        name in CALENDAR_FIELDS or (name in VENUE_FIELDS and form.initial.get(name))
        for name in form.changed_data
    )


class AlertsAdminMixin:
    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        fields = ["send_alerts", "alerts_summary"]
        if not self.may_edit_every_field(request, obj):
            fields = ["alerts_summary"]
        if obj is None:
            fields = [name for name in fields if name != "alerts_summary"]
        return [*fieldsets, (gettext_lazy("E-mail alerts"), {"fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "alerts_summary"]

    def save_model(self, request, obj, form, change):
        was_published = change and form.initial.get("publication") == obj.Publication.PUBLISHED
        super().save_model(request, obj, form, change)
        if not self.may_edit_every_field(request, obj):
            return  # translators change texts; only those who may publish send
        news = not was_published or (isinstance(obj, Meeting) and changes_plans(form))
        planning.after_staff_save(obj, send=form.cleaned_data["send_alerts"], news=news)

    @admin.display(description=gettext_lazy("mails"))
    def alerts_summary(self, obj):
        subscribers = Subscriber.objects.confirmed().count()
        rows = obj.alerts.annotate(
            queued=Count("deliveries", filter=Q(deliveries__status__in=["queued", "sending"])),
            sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
            failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
            outdated=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.OUTDATED)),
        ).order_by("version")
        alerts = list(rows)
        # Why mails failed, as the servers said (no address: partner editors read this).
        reasons = {}
        for row in (
            Delivery.objects.filter(alert__in=alerts, status=Delivery.Status.FAILED)
            .values("alert", "error")
            .annotate(count=Count("pk"))
            .order_by("-count")
        ):
            reasons.setdefault(row["alert"], []).append(f"{row['count']} × {row['error']}")
        lines = [
            (
                alert.get_event_display()
                # Only the newest alert can still go out; an older one never went.
                or (_("waiting to be sent") if alert is alerts[-1] else _("not sent: out of date")),
                date_format(timezone.localtime(alert.created_at), "SHORT_DATETIME_FORMAT"),
                _("not sent, as chosen") if not alert.send else counts(alert),
                "; ".join(reasons.get(alert.pk, [])),
            )
            for alert in alerts
        ]
        test = reverse(admin_urlname(obj._meta, "test_alert"), args=[obj.pk])
        return format_html(
            "<p>{}</p><ul>{}</ul><p><a href='{}'>{}</a></p>",
            _("Confirmed subscribers: %(count)s") % {"count": subscribers},
            format_html_join("", "<li>{} ({}): {} <small>{}</small></li>", lines)
            or format_html("<li>{}</li>", _("No alert yet.")),
            test,
            _("Send me a test alert"),
        )

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/test-alert/",
                self.admin_site.admin_view(self.test_alert_view),
                name=f"{opts.app_label}_{opts.model_name}_test_alert",
            ),
            *super().get_urls(),
        ]

    def test_alert_view(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        form = TestAlertForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if not request.user.email:
                messages.error(request, _("Your account has no e-mail address to send to."))
            else:
                language = form.cleaned_data["language"]
                tasks.send_test_alert.enqueue(
                    self.model._meta.model_name, obj.pk, language, request.user.email
                )
                messages.success(
                    request,
                    _("A test alert in %(language)s is on its way to %(email)s.")
                    % {"language": dict(settings.LANGUAGES)[language], "email": request.user.email},
                )
                return HttpResponseRedirect(
                    reverse(admin_urlname(self.model._meta, "change"), args=[obj.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send me a test alert"),
            "object": obj,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/alerts/test_alert.html", context)


def counts(alert):
    text = _("%(queued)s queued, %(sent)s sent, %(failed)s failed") % {
        "queued": alert.queued,
        "sent": alert.sent,
        "failed": alert.failed,
    }
    if alert.outdated:
        text += "; " + _("%(count)s not sent: the item changed or was withdrawn since") % {
            "count": alert.outdated
        }
    return text


class TestAlertForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)


def send_alerts_field(help_text):
    return forms.BooleanField(
        label=gettext_lazy("Send e-mail alerts"), required=False, initial=True, help_text=help_text
    )


class MeetingAlertsForm(forms.ModelForm):
    send_alerts = send_alerts_field(
        gettext_lazy(
            "When the meeting is published, and when its date, time, place or status changes "
            "while it lies ahead, subscribers get one mail each. Untick to save without sending."
        )
    )


class AnnouncementAlertsForm(forms.ModelForm):
    send_alerts = send_alerts_field(
        gettext_lazy(
            "When the announcement is published, subscribers get one mail each. Untick to "
            "publish without sending."
        )
    )


class AlertingMeetingAdmin(AlertsAdminMixin, MeetingAdmin):
    form = MeetingAlertsForm


class AlertingAnnouncementAdmin(AlertsAdminMixin, AnnouncementAdmin):
    form = AnnouncementAlertsForm


for model, model_admin in (
    (Meeting, AlertingMeetingAdmin),
    (Announcement, AlertingAnnouncementAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)


class AddressForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "confirmed_at", "asked_at", "partner"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    list_select_related = ["partner"]
    fields = list_display + ["announcements", "new_meetings", "meeting_changes"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Erasing goes through the erase page, which removes the consent records too.
        return False

    def get_urls(self):
        return [
            path("export/", self.admin_site.admin_view(self.export_view), name="alerts_export"),
            path("erase/", self.admin_site.admin_view(self.erase_view), name="alerts_erase"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "alerts_links": [
                (reverse("admin:alerts_export"), _("Export what is held about an address")),
                (reverse("admin:alerts_erase"), _("Erase an address")),
            ],
        }
        return super().changelist_view(request, extra_context)

    def address_view(self, request, permission, title, action):
        if not request.user.has_perm(permission):
            raise PermissionDenied
        form = AddressForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return action(form.cleaned_data["email"])
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/alerts/address.html", context)

    def export_view(self, request):
        def export(email):
            data = json.dumps(personal_data.held_about(email), ensure_ascii=False, indent=2)
            response = HttpResponse(data, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="into-eu-personal-data.json"'
            return response

        return self.address_view(
            request, "alerts.view_subscriber", _("Export what is held about an address"), export
        )

    def erase_view(self, request):
        def erase(email):
            erased = personal_data.erase(email)
            messages.success(
                request,
                _("Erased: %(counts)s.")
                % {
                    "counts": ", ".join(
                        f"{label}: {count}"
                        for counts in erased.values()
                        for label, count in counts.items()
                    )
                },
            )
            return HttpResponseRedirect(reverse("admin:alerts_subscriber_changelist"))

        return self.address_view(request, "alerts.delete_subscriber", _("Erase an address"), erase)

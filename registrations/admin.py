"""Registration in the admin: staff who may edit a meeting open its registration, see who
registered, export the list and write to everyone on it. Partner editors reach only
their own meetings' registrations (core.access, through `partner_path`)."""

import csv

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access
from core.admin_roles import RoleAdminMixin, RoleInlineMixin

from . import seats, tasks
from .models import Notice, Registrant, Registration

# A cell a spreadsheet would read as a formula (CSV injection): shown as text instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class RegistrantInline(RoleInlineMixin, admin.TabularInline):
    model = Registrant
    fields = [
        "status",
        "name",
        "email",
        "organisation",
        "language",
        "access_needs",
        "registered_at",
        "status_changed_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["status", "registered_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_personal_data()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["meeting", "capacity", "opens_at", "closes_at"]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("It must close after it opens."))
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity:
            confirmed = self.instance.registrants.confirmed().count()
            if capacity < confirmed:
                raise ValidationError(
                    _(
                        "%(count)s places are already confirmed: the number of places cannot "
                        "be lower."
                    )
                    % {"count": confirmed}
                )
        return cleaned


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["audience", "subject", "text"]
        help_texts = {
            "text": gettext_lazy(
                "Sent as you write it, in each registrant's mail with its greeting and links "
                "in their language: write in the languages your registrants chose (their "
                "numbers are above)."
            )
        }


@admin.register(Registration)
class RegistrationAdmin(RoleAdminMixin, admin.ModelAdmin):
    form = RegistrationForm
    list_display = ["meeting", "capacity", "confirmed", "waiting", "opens_at", "closes_at"]
    list_select_related = ["meeting"]
    search_fields = ["meeting__title"]
    inlines = [RegistrantInline]
    fields = ["meeting", "capacity", "opens_at", "closes_at", "summary"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count(
                    "registrants", filter=Q(registrants__status=Registrant.Status.CONFIRMED)
                ),
                waiting_count=Count(
                    "registrants", filter=Q(registrants__status=Registrant.Status.WAITING)
                ),
                cancelled_count=Count(
                    "registrants", filter=Q(registrants__status=Registrant.Status.CANCELLED)
                ),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "summary"]
        # A registration stays with its meeting; its registrants registered for that one.
        return [*readonly, "meeting"] if obj else readonly

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj else [name for name in fields if name != "summary"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "meeting":
            # Meetings ahead on a known day: registration closes when they start.
            field.queryset = (
                field.queryset.filter(registration__isnull=True).upcoming().on_known_days()
            )
        return field

    @admin.display(description=gettext_lazy("confirmed places"), ordering="confirmed_count")
    def confirmed(self, registration):
        return registration.confirmed_count

    @admin.display(description=gettext_lazy("people waiting"), ordering="waiting_count")
    def waiting(self, registration):
        return registration.waiting_count

    @admin.display(description=gettext_lazy("registrations"))
    def summary(self, registration):
        languages = (
            registration.registrants.active()
            .with_personal_data()
            .values("language")
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return format_html(
            "<p>{}</p><p>{}</p><p><a href='{}'>{}</a> · <a href='{}'>{}</a></p>",
            _(
                "%(confirmed)s confirmed of %(capacity)s places, %(waiting)s waiting, "
                "%(cancelled)s cancelled."
            )  # fmt: skip
            % {
                "confirmed": registration.confirmed_count,
                "capacity": registration.capacity,
                "waiting": registration.waiting_count,
                "cancelled": registration.cancelled_count,
            },
            _("Languages of the mails: %(languages)s")
            % {
                "languages": ", ".join(f"{row['language']} {row['count']}" for row in languages)
                or "—"
            },
            reverse(admin_urlname(self.model._meta, "export"), args=[registration.pk]),
            _("Export the list (CSV)"),
            reverse(admin_urlname(self.model._meta, "message"), args=[registration.pk]),
            _("Write to the registrants"),
        )

    def save_model(self, request, obj, form, change):
        places = obj.capacity
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            obj.capacity, promoted = seats.set_places(obj.pk, places)
            if obj.capacity != places:
                messages.warning(
                    request,
                    _(
                        "Meanwhile %(count)s places were confirmed: the number of places is "
                        "%(count)s."
                    )
                    % {"count": obj.capacity},
                )
            if promoted:
                messages.info(
                    request,
                    _("%(count)s people waiting got a place and a mail.")
                    % {"count": len(promoted)},
                )

    def may_see_registrants(self, request, registration):
        return access.may_in(
            request.user, access.VIEW, Registrant, access.partner_id_of(registration)
        )

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/export/",
                self.admin_site.admin_view(self.export_view),
                name=f"{opts.app_label}_{opts.model_name}_export",
            ),
            path(
                "<path:object_id>/message/",
                self.admin_site.admin_view(self.message_view),
                name=f"{opts.app_label}_{opts.model_name}_message",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, object_id):
        registration = self.get_object(request, object_id)
        if registration is None or not self.may_see_registrants(request, registration):
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"registrations-{registration.meeting.slug}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")  # so that spreadsheets read the file as UTF-8
        writer = csv.writer(response)
        fields = RegistrantInline.fields
        writer.writerow([Registrant._meta.get_field(name).verbose_name for name in fields])
        registrants = (
            registration.registrants.with_personal_data()
            .order_by("status", "registered_at", "pk")
            .values_list(*fields)
        )
        # Status and language in words, in the staff member's language.
        readable = {
            "status": dict(Registrant.Status.choices),
            "language": dict(settings.LANGUAGES),
        }
        for row in registrants:
            writer.writerow(
                [
                    as_text(readable.get(name, {}).get(value, value))
                    for name, value in zip(fields, row, strict=True)
                ]
            )
        return response

    def message_view(self, request, object_id):
        registration = self.get_object(request, object_id)
        if registration is None or not self.may_see_registrants(request, registration):
            raise Http404
        if not self.may_edit_every_field(request, registration):
            raise Http404
        form = NoticeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            notice = form.save(commit=False)
            notice.registration = registration
            notice.author = request.user
            notice.save()
            tasks.send_notice.enqueue(notice.pk)
            messages.success(request, _("Your message is on its way to the registrants."))
            return HttpResponseRedirect(
                reverse(admin_urlname(self.model._meta, "change"), args=[registration.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Write to the registrants"),
            "object": registration,
            "form": form,
            "opts": self.model._meta,
            "notices": registration.notices.all()[:20],
        }
        return TemplateResponse(request, "admin/registrations/message.html", context)

"""The public pages of registration: the form, "check your mailbox", and each person's
own page (reached by the signed link in their mails) to see their place and cancel.

As for the alerts, no page needs a cookie: the form posts without a CSRF token (a forged
request can only register an address, which gets a mail with the link to cancel, within
the rate limits), and a person's page is authorised by its link. A GET never changes
anything (mail scanners open links); cancelling is a POST.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import throttle
from core.responses import message, private, too_many_requests
from meetings.models import Meeting

from . import links, seats
from .forms import RegisterForm

# Per client address: registrations an hour. Per e-mail address and meeting: a day.
REQUESTS_PER_CLIENT = 10
REQUESTS_PER_ADDRESS = 5


def registration_of(slug):
    meeting = get_object_or_404(Meeting.objects.published().select_related("host"), slug=slug)
    registration = getattr(meeting, "registration", None)
    if registration is None:
        raise Http404
    return meeting, registration


def closed(request, meeting, status=200):
    return message(
        request,
        status,
        _("Registration is closed"),
        _("This meeting takes no registrations now. The meeting's page says what is known."),
        (meeting.get_absolute_url(), _("Back to the meeting")),
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug):
    meeting, registration = registration_of(slug)
    if not registration.is_open():
        return closed(request, meeting)
    context = {"meeting": meeting, "registration": registration}
    if request.method != "POST":
        return render(request, "registrations/register.html", {**context, "form": RegisterForm()})
    if not throttle.allow(
        "registrations-client", throttle.client_key(request), REQUESTS_PER_CLIENT, 3600
    ):
        return too_many_requests(request)
    form = RegisterForm(request.POST)
    if form.is_from_robot:
        return redirect("registrations:registered", slug=slug)
    if not form.is_valid():
        return private(
            render(request, "registrations/register.html", {**context, "form": form}, status=400)
        )
    # Per meeting: an address registering for several meetings is not held back, and
    # nobody can spend someone else's allowance for a meeting they do not care about.
    address = f"{registration.pk}:{form.cleaned_data['email']}"
    if throttle.allow("registrations-address", address, REQUESTS_PER_ADDRESS, 86400):
        try:
            seats.register(registration.pk, form.cleaned_data)
        except seats.Closed:
            return closed(request, meeting, status=409)
    return redirect("registrations:registered", slug=slug)


def registered(request, slug):
    meeting, _registration = registration_of(slug)
    return render(request, "registrations/registered.html", {"meeting": meeting})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def place(request, token):
    try:
        registrant = links.registrant_of(token)
    except links.Gone:
        return message(
            request,
            200,
            _("This registration no longer exists"),
            _("It was cancelled, or the meeting is over and its registrations were deleted."),
        )
    except links.InvalidLink:
        return message(
            request,
            400,
            _("This link cannot be used"),
            _("The link is incomplete or was changed. Nothing was changed."),
        )
    meeting = registrant.registration.meeting
    if request.method == "POST" and meeting.is_over:
        return message(
            request,
            200,
            _("The meeting is over"),
            _("There is nothing left to cancel. Nothing was changed."),
            (meeting.get_absolute_url(), _("Back to the meeting")),
        )
    if request.method == "POST":
        seats.cancel(registrant.pk)
        return message(
            request,
            200,
            _("Your registration is cancelled"),
            _("Your place was given back and your details were deleted. Thank you for telling us."),
            (meeting.get_absolute_url(), _("Back to the meeting")),
        )
    context = {"registrant": registrant, "meeting": meeting, "place": registrant.place_in_line()}
    return private(render(request, "registrations/place.html", context))

"""The public pages of the alerts: subscribe, confirm, change the choices, leave.

No page here needs a cookie: the form posts without a CSRF token (the worst a forged
request can do is send one confirmation mail, which the rate limits bound, and which
anyone could ask for by typing the address), and the other pages are reached only by
the signed link in a mail, which authorises them. A GET never changes anything (mail
scanners open links); every change is a POST. The pages that carry a link's token are
kept by no cache.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import throttle
from core.responses import message, private, too_many_requests
from core.reversing import reverse

from . import links, subscriptions
from .forms import ChoicesForm, SubscribeForm

# Per client address: requests an hour. Per e-mail address: requests a day.
REQUESTS_PER_CLIENT = 10
REQUESTS_PER_ADDRESS = 3


def invalid_link(request):
    return message(
        request,
        400,
        _("This link cannot be used"),
        _(
            "The link is incomplete, was changed, or has expired: confirmation links work "
            "for 72 hours. Nothing was changed. You can ask for alerts again."
        ),
        (reverse("alerts:subscribe"), _("Subscribe to e-mail alerts")),
    )


def not_subscribed(request):
    return message(
        request,
        200,
        _("This address is not subscribed"),
        _("It receives no alerts from this site: there is nothing to change."),
        (reverse("alerts:subscribe"), _("Subscribe to e-mail alerts")),
    )


def subscriber_or_answer(request, token, purpose):
    try:
        return links.subscriber_of(token, purpose), None
    except links.Gone:
        return None, not_subscribed(request)
    except links.InvalidLink:
        return None, invalid_link(request)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        return render(request, "alerts/subscribe.html", {"form": SubscribeForm()})
    client = throttle.client_address(request)
    if not throttle.allow("alerts-client", throttle.client_key(request), REQUESTS_PER_CLIENT, 3600):
        return too_many_requests(request)
    form = SubscribeForm(request.POST)
    if form.is_from_robot:
        return redirect("alerts:requested")
    if not form.is_valid():
        return private(render(request, "alerts/subscribe.html", {"form": form}, status=400))
    if throttle.allow("alerts-address", form.cleaned_data["email"], REQUESTS_PER_ADDRESS, 86400):
        subscriptions.ask(form, client)
    return redirect("alerts:requested")


def requested(request):
    return render(request, "alerts/requested.html")


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    subscriber, answer = subscriber_or_answer(request, token, links.CONFIRM)
    if answer:
        return answer
    if subscriber.is_confirmed:
        return message(
            request,
            200,
            _("Already confirmed"),
            _("This address already receives the alerts it asked for."),
            (links.manage_path(subscriber), _("Change your alerts or unsubscribe")),
        )
    if request.method == "POST":
        subscriptions.confirm(subscriber, throttle.client_address(request))
        return message(
            request,
            200,
            _("You are subscribed"),
            _("Thank you. Every alert will carry a link to change your choices or to leave."),
            (links.manage_path(subscriber), _("Change your alerts or unsubscribe")),
        )
    return private(render(request, "alerts/confirm.html", {"subscriber": subscriber}))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscriber, answer = subscriber_or_answer(request, token, links.MANAGE)
    if answer:
        return answer
    if not subscriber.is_confirmed:
        return invalid_link(request)
    form = ChoicesForm(request.POST or None, instance=subscriber)
    status, saved = 200, False
    if request.method == "POST":
        if form.is_valid():
            subscriptions.change(form, throttle.client_address(request))
            saved = True
        else:
            status = 400
    context = {"form": form, "saved": saved, "leave": links.leave_path(subscriber)}
    return private(render(request, "alerts/manage.html", context, status=status))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request, token):
    """The page of every mail's footer link, and the List-Unsubscribe address: RFC 8058's
    one-click POST (body `List-Unsubscribe=One-Click`) leaves as the page's button does."""
    subscriber, answer = subscriber_or_answer(request, token, links.MANAGE)
    if answer:
        return answer
    if request.method == "POST":
        subscriptions.leave(subscriber, throttle.client_address(request))
        return message(
            request,
            200,
            _("You have unsubscribed"),
            _("Your address was deleted. You will receive no more alerts from this site."),
            (reverse("alerts:subscribe"), _("Subscribe again")),
        )
    return private(render(request, "alerts/leave.html", {"subscriber": subscriber}))

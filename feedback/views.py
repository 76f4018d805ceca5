"""The accessibility feedback form, linked from every page's footer with that page's
address, so that the form names the page it was opened from. Like the other public forms
it needs no cookie, has a honeypot and rate limits, and no CAPTCHA (WCAG 3.3.8)."""

from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import throttle
from core.responses import private, too_many_requests

from . import handling
from .forms import FeedbackForm

MESSAGES_PER_CLIENT = 10


def referring_page(request):
    """The page the form was opened from: `?page=` (the footer's link), else the Referer."""
    return handling.page_of(
        request.GET.get("page") or request.META.get("HTTP_REFERER", ""), request.get_host()
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request):
    if request.method != "POST":
        form = FeedbackForm(initial={"page": referring_page(request)})
        # Filled in from the visitor's own request: no cache may keep it for another.
        return private(render(request, "feedback/form.html", {"form": form}))
    if not throttle.allow(
        "feedback-client", throttle.client_key(request), MESSAGES_PER_CLIENT, 3600
    ):
        return too_many_requests(request)
    form = FeedbackForm(request.POST)
    if form.is_from_robot:
        return redirect("feedback:sent")
    if not form.is_valid():
        return private(render(request, "feedback/form.html", {"form": form}, status=400))
    handling.receive(form.cleaned_data, get_language())
    return redirect("feedback:sent")


def sent(request):
    return render(request, "feedback/sent.html")

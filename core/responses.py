"""Answers the public forms share: a page of one message, and pages no cache may keep."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


def private(response):
    """For pages of one person (a link's token, a form's errors): kept by no cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def message(request, status, title, text, link=None):
    """A short page saying what happened; `link` is (address, text) for the next step."""
    return private(
        render(request, "message.html", {"title": title, "text": text, "link": link}, status=status)
    )


def too_many_requests(request):
    """The answer once a public form's rate limit for the visitor's connection is spent."""
    return message(
        request,
        429,
        _("Too many requests"),
        _("Too many requests came from your connection. Please try again in an hour."),
    )

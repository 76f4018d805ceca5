"""Probes for load balancers and orchestrators; outside the language prefixes and the cache."""

import json

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


def answer(status, body):
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")


@never_cache
def healthz(request):
    """The process is up and answering; says nothing about what it depends on."""
    return answer(200, {"status": "ok"})


@never_cache
def readyz(request):
    """Ready for traffic: the database and the cache both answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unreachable"
    try:
        cache.set("readyz", "ok", timeout=10)
        checks["cache"] = "ok" if cache.get("readyz") == "ok" else "unreachable"
    except Exception:  # Each backend raises its own errors; any of them means not ready.
        checks["cache"] = "unreachable"
    ready = all(value == "ok" for value in checks.values())
    return answer(200 if ready else 503, {"status": "ok" if ready else "unavailable", **checks})

"""Counting a visitor's requests in the shared cache, for public forms' rate limits.

Each limit is a number of attempts per window for one key (a client address, an e-mail
address); keys are hashed, so no address is stored in the cache. With Redis every
instance counts together; with the local-memory cache each process counts alone.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The visitor's address, from the proxy's header when there is one (CLIENT_IP_HEADER)."""
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")


def client_key(request):
    """What the public forms' limits count per connection: the client address, or for
    IPv6 its /64 network, which one household or one machine usually holds whole (one
    client could otherwise try again from each of its many addresses)."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def allow(scope, key, limit, seconds):
    """Count one attempt; False once `limit` attempts were made in the window."""
    if not key:
        return True
    name = f"throttle:{scope}:{hashlib.sha256(str(key).lower().encode()).hexdigest()}"
    # add() only creates: the window starts at the first attempt and is not extended.
    if cache.add(name, 1, seconds):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add() and incr()
        cache.add(name, 1, seconds)
        return True
    return count <= limit

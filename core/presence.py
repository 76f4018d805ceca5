"""Who has an item's change form open: a notice for the others, never a lock.

An open form tells the site every `HEARTBEAT_SECONDS` (static/admin-editing.js); someone
not heard from for `PRESENT_SECONDS` has gone. The margin is wide because browsers slow
the timers of background tabs to about once a minute.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Editing

HEARTBEAT_SECONDS = 10
PRESENT_SECONDS = 75


def _of(obj):
    return {
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": str(obj.pk),
    }


def here(user, obj):
    """`user` has the form of `obj` open now."""
    now = timezone.now()
    gone = now - datetime.timedelta(seconds=PRESENT_SECONDS)
    Editing.objects.filter(seen_at__lt=gone).delete()
    updated = Editing.objects.filter(user=user, **_of(obj)).update(seen_at=now)
    if not updated:
        Editing.objects.get_or_create(
            user=user, **_of(obj), defaults={"since": now, "seen_at": now}
        )


def left(user, obj):
    Editing.objects.filter(user=user, **_of(obj)).delete()


def others(user, obj):
    gone = timezone.now() - datetime.timedelta(seconds=PRESENT_SECONDS)
    return (
        Editing.objects.filter(**_of(obj), seen_at__gte=gone)
        .exclude(user=user)
        .select_related("user")
        .order_by("since")
    )


def name_of(user):
    return user.get_full_name() or user.get_username()


def moment(when):
    """10:42 today (24-hour, as the whole site); with the short date on another day."""
    local = timezone.localtime(when)
    time = formats.time_format(local, "H:i")
    if local.date() == timezone.localdate():
        return time
    return f"{formats.date_format(local, 'SHORT_DATE_FORMAT')} {time}"


def notices(user, obj):
    """One sentence per other editor, in the reader's language."""
    return [
        _("%(name)s has been editing this since %(time)s.")
        % {"name": name_of(editing.user), "time": moment(editing.since)}
        for editing in others(user, obj)
    ]

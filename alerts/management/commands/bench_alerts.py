"""`make bench`'s alerts section: N confirmed subscribers, then the admin's save of an
announcement published with alerts on, timed as an editor waits for it.

Run on a throwaway database only (scripts/bench.py makes one): it adds subscribers, a
superuser and announcements. The mails themselves are sent afterwards by `db_worker`,
which the bench times against a local SMTP server.
"""

import json
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert, Subscriber
from meetings.models import Announcement
from partners.models import Partner

LANGUAGES = ["sq", "it", "es", "el", "en"]


class Command(BaseCommand):
    help = "Add confirmed subscribers and time the admin's save of a published announcement."

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=10_000)
        parser.add_argument("--saves", type=int, default=5)

    def handle(self, *, subscribers, saves, **options):
        missing = subscribers - Subscriber.objects.confirmed().count()
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"reader{n}@bench.example.org",
                    language=LANGUAGES[n % len(LANGUAGES)],
                    confirmed_at=now,
                )
                for n in range(missing)
            ],
            batch_size=2000,
        )
        editor, _created = get_user_model().objects.get_or_create(
            username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(editor)
        partner = Partner.objects.order_by("pk").first()
        timings = []
        for number in range(saves + 1):  # the first, not counted, warms the process
            data = form(partner, slug=f"bench-{number}-{time.time_ns()}")
            started = time.perf_counter()
            response = client.post(reverse("admin:meetings_announcement_add"), data, secure=True)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 302:
                raise SystemExit(f"the admin did not save: {response.status_code}")
            if number:
                timings.append(elapsed)
        # Only the last alert is sent (the worker is timed on it); the others are withdrawn.
        last = Announcement.objects.order_by("-pk").first()
        Alert.objects.exclude(announcement=last).update(send=False)
        self.stdout.write(
            json.dumps(
                {
                    "subscribers": Subscriber.objects.confirmed().count(),
                    "save_ms": timings,
                    "save_ms_median": statistics.median(timings),
                }
            )
        )


def form(partner, slug):
    day = timezone.localdate().isoformat()
    return {
        "slug": slug,
        "partner": partner.pk,
        "meeting": "",
        **{f"title_{code}": f"Bench {slug} ({code})" for code in LANGUAGES},
        **{
            f"{field}_{code}": ""
            for field in ("summary", "body", "contact_name")
            for code in LANGUAGES
        },
        "contact_email": "",
        "contact_phone": "",
        "publication": "published",
        "published_at_0": day,
        "published_at_1": "00:00",
        "send_alerts": "on",
    }

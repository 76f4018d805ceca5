from django.http import HttpResponse
from django.urls import reverse


def robots_txt(request):
    """Crawlers may read everything public; the admin is for staff only."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

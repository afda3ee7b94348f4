"""robots.txt: what crawlers may read, and where the sitemap is."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Crawlers may read every public page; the admin and the form's own endpoints are of no use to them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('contact_submit')}",
        f"Disallow: {reverse('contact_thanks')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")

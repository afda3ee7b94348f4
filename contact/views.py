"""The confirmation a visitor sees after sending the contact form."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def thanks(request):
    return render(request, "contact/thanks.html")

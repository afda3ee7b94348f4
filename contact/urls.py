"""Contact endpoints, outside the page tree so no page cache ever holds them."""

from django.urls import path

from . import views

urlpatterns = [
    path("envoyer/", views.submit, name="contact_submit"),
    path("jeton/", views.token, name="contact_token"),
    path("merci/", views.thanks, name="contact_thanks"),
]

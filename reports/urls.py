"""The public figures page (mounted at ``/<lang>/figures/``)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.FiguresView.as_view(), name="figures"),
]

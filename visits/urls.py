"""Public pages of engagements (mounted under ``/<lang>/engagements/``)."""

from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("<slug:slug>/", views.EngagementDetailView.as_view(), name="detail"),
]

"""Public pages of exhibitions (mounted under ``/<lang>/exhibitions/``)."""

from django.urls import path

from . import views

app_name = "exhibitions"
urlpatterns = [
    path("<slug:slug>/", views.ExhibitionDetailView.as_view(), name="detail"),
]

"""Public pages of partner cities (mounted under ``/<lang>/cities/``)."""

from django.urls import path

from . import views

app_name = "cities"
urlpatterns = [
    path("", views.CityListView.as_view(), name="index"),
    path("<slug:slug>/", views.CityDetailView.as_view(), name="detail"),
]

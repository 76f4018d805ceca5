from django.urls import path

from . import views

app_name = "press"
urlpatterns = [
    path("", views.press, name="press"),
    path("photos/<slug:slug>.zip", views.photo_pack, name="photos"),
]

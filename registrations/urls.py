from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("meetings/<slug:slug>/register/", views.register, name="register"),
    path("meetings/<slug:slug>/register/thanks/", views.registered, name="registered"),
    path("registrations/<str:token>/", views.place, name="place"),
]

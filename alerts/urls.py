from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("requested/", views.requested, name="requested"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("choices/<str:token>/", views.manage, name="manage"),
    path("leave/<str:token>/", views.leave, name="leave"),
]

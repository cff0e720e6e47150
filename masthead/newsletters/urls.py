from django.urls import path

from . import views

app_name = "newsletters"

urlpatterns = [
    path("newsletter/", views.signup_page, name="signup"),
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletter/unsubscribe/", views.unsubscribe_without_token, name="unsubscribe_bare"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/<slug:slug>/", views.archive, name="archive"),
    path("newsletter/<slug:slug>/<int:send_id>/", views.archive_issue, name="issue"),
]

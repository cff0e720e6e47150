from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("comments/<int:article_id>/", views.comment_post, name="post"),
    path("comments/<int:article_id>/token/", views.comment_token, name="token"),
]

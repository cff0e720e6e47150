from django.urls import path

from masthead.core import converters  # noqa: F401 - registers <id:...>

from . import views

app_name = "comments"

urlpatterns = [
    path("comments/<id:article_id>/", views.comment_post, name="post"),
    path("comments/<id:article_id>/token/", views.comment_token, name="token"),
]

from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("<int:article_id>/", views.create, name="create"),
    path("<int:article_id>/start/", views.start, name="start"),
    path("<int:article_id>/confirm/", views.confirm, name="confirm"),
]

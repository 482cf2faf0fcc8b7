from django.urls import path

from ideas import views

app_name = "ideas"

idea = "ideas/<int:pk>/"

urlpatterns = [
    path("ideas/", views.idea_list, name="list"),
    path("ideas/new/", views.idea_add, name="add"),
    path("ideas/criteria/", views.criteria, name="criteria"),
    path(idea, views.idea_detail, name="idea"),
    path(f"{idea}interest/", views.idea_interest, name="interest"),
    path(f"{idea}score/", views.idea_score, name="score"),
    path(f"{idea}accept/", views.idea_accept, name="accept"),
    path(f"{idea}decline/", views.idea_decline, name="decline"),
]

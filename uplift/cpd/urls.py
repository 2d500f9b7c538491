from django.urls import path

from uplift.cpd import views

app_name = "cpd"

urlpatterns = [
    path("cpd/", views.mine, name="mine"),
    path("cpd/my-cpd.csv", views.mine_csv, name="mine_csv"),
    path("cpd/claim/", views.claim, name="claim"),
    path("cpd/entries/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("cpd/programme/", views.programme, name="programme"),
    path("schools/<int:urn>/cpd/", views.school, name="school"),
    path("schools/<int:urn>/cpd.csv", views.school_csv, name="school_csv"),
]

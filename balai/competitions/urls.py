from django.urls import path

from balai.competitions import views

app_name = "competitions"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("pemenang/", views.winners, name="winners"),
    path("saya/", views.mine, name="mine"),
    path("baru/", views.create, name="create"),
    path("tim/<int:team_id>/", views.team, name="team"),
    path("tim/<int:team_id>/undang/", views.invite, name="invite"),
    path("tim/<int:team_id>/karya/", views.save_submission, name="save_submission"),
    path("tim/<int:team_id>/berkas/", views.add_file, name="add_file"),
    path("undangan/<int:invitation_id>/", views.respond, name="respond"),
    path("berkas/<int:file_id>/", views.download, name="download"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/hasil/", views.results, name="results"),
    path("<slug:slug>/daftar/", views.register, name="register"),
    path("<slug:slug>/kelola/", views.manage, name="manage"),
    path("<slug:slug>/kelola/tim/<int:team_id>/seleksi/", views.screen, name="screen"),
    path("<slug:slug>/kelola/tim/<int:team_id>/tautan/", views.link_winner, name="link_winner"),
    path("<slug:slug>/kelola/juri/", views.add_judge, name="add_judge"),
    path("<slug:slug>/kelola/finalis/", views.shortlist, name="shortlist"),
    path("<slug:slug>/kelola/umumkan/", views.publish, name="publish"),
    path("<slug:slug>/juri/", views.judge_home, name="judge"),
    path("<slug:slug>/juri/karya/<str:code>/", views.judge_submission, name="judge_submission"),
    path("<slug:slug>/juri/presentasi/", views.interview, name="interview"),
]

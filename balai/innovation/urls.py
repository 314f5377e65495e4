from django.urls import path

from balai.innovation import views

app_name = "innovation"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:innovation_id>/", views.detail, name="detail"),
    path("bukti/<int:evidence_id>/", views.evidence, name="evidence"),
    path("baru/", views.create, name="create"),
    path("<int:innovation_id>/ubah/", views.edit, name="edit"),
    path("<int:innovation_id>/tahap/", views.advance, name="advance"),
    path("<int:innovation_id>/bukti/", views.add_evidence, name="add_evidence"),
]

from django.urls import path

from balai.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:message_id>/dibaca/", views.mark_read, name="mark_read"),
]

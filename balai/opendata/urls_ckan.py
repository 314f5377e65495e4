from django.urls import re_path

from balai.opendata import ckan

app_name = "ckan"

# Any name, even an empty or nested one, reaches the view: it answers an unknown action in
# CKAN's JSON envelope rather than with a page.
urlpatterns = [re_path(r"^(?P<name>.*)$", ckan.action, name="action")]

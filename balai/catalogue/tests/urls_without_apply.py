"""The site's URLs without the applications app, as before it existed."""

from config import urls

urlpatterns = [pattern for pattern in urls.urlpatterns
               if getattr(pattern, "namespace", None) != "applications"]

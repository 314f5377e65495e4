"""Access rules of the routes no domain app owns: the admin site, the language switch, the API's
schema pages and its catch-all. See docs/howto/access-control.md."""

from __future__ import annotations

from typing import Any

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, Rule, World, expect

# Only the admin (staff) passes Django's admin_view; every other role is sent to the admin's
# sign-in page. What the admin then sees is the admin's own per-model permission: a page (200),
# a refusal (403, e.g. adding ledger entries), or a redirect (an object that does not exist).
ADMIN_ONLY = expect(LOGIN, admin=frozenset({200, 403, REDIRECT}))


def _walk_admin() -> list[tuple[str, str]]:
    from balai.core.tests.test_access_control import page_routes

    return [(name, path) for name, path in page_routes().items() if path.startswith("admin/")]


def admin_model_routes() -> list[str]:
    return [name for name, _ in _walk_admin()]


def _admin_kwargs(name: str, path: str) -> Any:
    from django.contrib import admin

    def kwargs(world: World) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if "<path:object_id>" in path or "<int:pk>" in path or "<id>" in path:
            model = next((m for m in admin.site._registry
                          if path.startswith(f"admin/{m._meta.app_label}/{m._meta.model_name}/")),
                         None)
            first = model.objects.order_by("pk").first() if model is not None else None
            key = "pk" if "<int:pk>" in path else "id" if "<id>" in path else "object_id"
            values[key] = first.pk if first is not None else 999999
        if "content_type_id" in path:
            from django.contrib.contenttypes.models import ContentType

            values = {"content_type_id": ContentType.objects.get_for_model(world.citizen_a).pk,
                      "object_id": world.citizen_a.pk}
        if "app_label" in path:
            values["app_label"] = "accounts"
        return values

    return kwargs


def _admin_rules() -> list[Rule]:
    rules = []
    for name, path in _walk_admin():
        if name == "admin:login":
            rules.append(Rule(name, read=expect(200, admin=REDIRECT)))
        elif name == "admin:logout":
            rules.append(Rule(name, read=expect(REDIRECT, admin=405), act=expect(REDIRECT)))
        elif name == path:  # the unnamed catch-all and the object shortcut patterns
            url = "/admin/tidak-ada/" if "(?P<url>" in path else None
            if url is None:  # admin/<app>/<model>/<id>/ redirects to the change page
                rules.append(Rule(name, url=lambda w, p=path: "/" + p.replace(
                    "<path:object_id>", str(w.citizen_a.pk)), read=ADMIN_ONLY))
            else:
                rules.append(Rule(name, url=url, read=expect(LOGIN, admin=404)))
        elif name == "admin:view_on_site":  # users have no public page
            rules.append(Rule(name, kwargs=_admin_kwargs(name, path),
                              read=expect(LOGIN, admin=404)))
        else:
            act = ADMIN_ONLY if name.endswith("_add") else None
            rules.append(Rule(name, kwargs=_admin_kwargs(name, path), read=ADMIN_ONLY, act=act))
    return rules


RULES = [
    *_admin_rules(),
    Rule("set_language", read=expect(REDIRECT), act=expect(REDIRECT),
         data={"language": "en", "next": "/"}),
    Rule("api-v1:openapi-json", url="/api/v1/openapi.json", read=PUBLIC),
    Rule("api-v1:openapi-view", url="/api/v1/docs", read=PUBLIC),
    Rule("api/^(?P<rest>.*)$", url="/api/v0/tidak-ada", read=expect(404), act=expect(404)),
]

import pytest
from django.urls import reverse

from balai.accounts.models import OfficeRole, Role
from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    sign_in(client, admin_user)
    return client


@pytest.mark.parametrize("name", ["accounts_user", "accounts_citizen", "accounts_office",
                                  "accounts_officerole"])
def test_admin_lists_render(admin_client, citizen, officer, name):
    response = admin_client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200


def test_admin_citizen_list_shows_only_the_masked_nik(admin_client, citizen):
    html = admin_client.get(reverse("admin:accounts_citizen_changelist")).content.decode()
    assert citizen.masked_nik in html and citizen.nik not in html
    detail = admin_client.get(reverse("admin:accounts_citizen_change", args=[citizen.pk]))
    assert citizen.masked_nik in detail.content.decode()
    assert citizen.nik not in detail.content.decode()


def test_admin_citizen_search_by_full_nik_uses_the_blind_index(admin_client, citizen,
                                                               other_citizen):
    url = reverse("admin:accounts_citizen_changelist")
    found = admin_client.get(url, {"q": citizen.nik})
    assert list(found.context["cl"].result_list) == [citizen]
    partial = admin_client.get(url, {"q": citizen.nik[:8]})
    assert list(partial.context["cl"].result_list) == []


def test_admin_cannot_add_or_delete_citizens(admin_client, citizen):
    assert admin_client.get(reverse("admin:accounts_citizen_add")).status_code == 403
    assert admin_client.get(reverse("admin:accounts_citizen_delete",
                                    args=[citizen.pk])).status_code == 403


def _user_form(user, roles, *, delete=()):
    data = {
        "username": user.username, "full_name": user.full_name, "email": user.email,
        "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
        "office_roles-TOTAL_FORMS": str(len(roles) + 1),
        "office_roles-INITIAL_FORMS": str(len(roles)),
        "office_roles-MIN_NUM_FORMS": "0", "office_roles-MAX_NUM_FORMS": "1000",
    }
    for i, role in enumerate(roles):
        data.update({f"office_roles-{i}-id": str(role.pk), f"office_roles-{i}-user": str(user.pk),
                     f"office_roles-{i}-office": str(role.office_id),
                     f"office_roles-{i}-role": role.role})
        if role.pk in delete:
            data[f"office_roles-{i}-DELETE"] = "on"
    return data


def test_admin_role_inline_grants_through_the_action(admin_client, admin_user, officer, office_b):
    data = _user_form(officer, list(officer.office_roles.all()))
    n = len(officer.office_roles.all())
    data.update({f"office_roles-{n}-user": str(officer.pk),
                 f"office_roles-{n}-office": str(office_b.pk),
                 f"office_roles-{n}-role": Role.VERIFIKATOR})
    response = admin_client.post(reverse("admin:accounts_user_change", args=[officer.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert OfficeRole.objects.filter(user=officer, office=office_b, role="verifikator").exists()
    entry = LedgerEntry.objects.get(action="peran.diberikan", actor_id=admin_user.pk)
    assert entry.object_id == str(officer.pk)


def test_admin_role_inline_revokes_through_the_action(admin_client, admin_user, officer):
    roles = list(officer.office_roles.all())
    data = _user_form(officer, roles, delete={roles[0].pk})
    response = admin_client.post(reverse("admin:accounts_user_change", args=[officer.pk]), data)
    assert response.status_code == 302
    assert not OfficeRole.objects.filter(user=officer).exists()
    assert LedgerEntry.objects.filter(action="peran.dicabut", actor_id=admin_user.pk).exists()


def test_admin_role_inline_change_is_a_revoke_and_a_grant(admin_client, admin_user, officer):
    role = officer.office_roles.get()
    data = _user_form(officer, [role])
    data["office_roles-0-role"] = Role.VERIFIKATOR
    admin_client.post(reverse("admin:accounts_user_change", args=[officer.pk]), data)
    assert list(officer.office_roles.values_list("role", flat=True)) == ["verifikator"]
    actions_done = set(LedgerEntry.objects.filter(actor_id=admin_user.pk)
                       .values_list("action", flat=True))
    assert {"peran.dicabut", "peran.diberikan"} <= actions_done


def test_admin_officerole_add_and_delete_go_through_the_actions(admin_client, admin_user,
                                                                officer, office_b):
    response = admin_client.post(reverse("admin:accounts_officerole_add"), {
        "user": officer.pk, "office": office_b.pk, "role": Role.AUDITOR})
    assert response.status_code == 302
    role = OfficeRole.objects.get(user=officer, office=office_b)
    assert LedgerEntry.objects.filter(action="peran.diberikan", actor_id=admin_user.pk).exists()
    response = admin_client.post(reverse("admin:accounts_officerole_delete", args=[role.pk]),
                                 {"post": "yes"})
    assert response.status_code == 302
    assert not OfficeRole.objects.filter(pk=role.pk).exists()
    assert LedgerEntry.objects.filter(action="peran.dicabut", actor_id=admin_user.pk).exists()

import pytest

from balai.accounts import actions
from balai.accounts.models import OfficeRole, Role
from balai.accounts.queries import has_role, offices_of
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_grant_role_records_office_and_role_in_the_ledger(admin_user, officer, office_b):
    actions.grant_role(actor=admin_user, user=officer, office=office_b, role=Role.VERIFIKATOR)
    assert has_role(officer, Role.VERIFIKATOR, office_b)
    assert not has_role(officer, Role.VERIFIKATOR, office_b.__class__(pk=-1))
    entry = LedgerEntry.objects.filter(action="peran.diberikan").last()
    assert (entry.actor_id, entry.object_id) == (admin_user.pk, str(officer.pk))


def test_grant_role_twice_changes_nothing(admin_user, officer, office_a):
    before = LedgerEntry.objects.count()
    actions.grant_role(actor=admin_user, user=officer, office=office_a, role=Role.PETUGAS)
    assert LedgerEntry.objects.count() == before
    assert OfficeRole.objects.filter(user=officer).count() == 1


def test_revoke_role_removes_it_and_records_it(admin_user, officer, office_a):
    assert actions.revoke_role(actor=admin_user, user=officer, office=office_a,
                               role=Role.PETUGAS)
    assert not offices_of(officer).exists()
    assert LedgerEntry.objects.filter(action="peran.dicabut", actor_id=admin_user.pk).exists()
    assert not actions.revoke_role(actor=admin_user, user=officer, office=office_a,
                                   role=Role.PETUGAS)


def test_personas_hold_their_roles_in_their_own_offices(officer, officer_other_office, office_a,
                                                        office_b, auditor, operator, admin_user):
    assert list(offices_of(officer)) == [office_a]
    assert list(offices_of(officer_other_office)) == [office_b]
    assert not has_role(officer, Role.PETUGAS, office_b)
    assert has_role(auditor, Role.AUDITOR) and has_role(operator, Role.OPERATOR_LAYANAN)
    assert admin_user.is_superuser and has_role(admin_user, Role.ADMIN)

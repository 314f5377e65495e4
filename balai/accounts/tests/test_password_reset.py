import re

import pytest
from django.core import mail
from django.urls import reverse

from balai.accounts.models import User
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db
RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "Sungai-Kapuas-77"


def _without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())


@pytest.fixture
def with_email(citizen):
    User.objects.filter(pk=citizen.user_id).update(email="siti@contoh.id")
    citizen.user.refresh_from_db()
    return citizen.user


def test_reset_page_renders(client, db):
    response = client.get(RESET)
    assert response.status_code == 200 and "Lupa kata sandi" in response.content.decode()


def test_reset_puts_a_link_in_the_outbox_not_straight_into_mail(client, with_email):
    response = client.post(RESET, {"email": "Siti@contoh.id"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    message = Message.objects.get()
    assert (message.channel, message.recipient, message.address) == (
        "email", with_email, "siti@contoh.id")
    assert "kata sandi baru" in message.subject
    assert "/akun/lupa-sandi/" in message.body
    assert mail.outbox == []  # delivery is the outbox's job, after commit
    assert LedgerEntry.objects.filter(action="akun.reset_sandi_diminta",
                                      object_id=str(with_email.pk)).exists()


def test_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client, with_email):
    known = client.post(RESET, {"email": "siti@contoh.id"}, follow=True)
    unknown = client.post(RESET, {"email": "tidak-ada@contoh.id"}, follow=True)
    assert unknown.redirect_chain == known.redirect_chain
    assert _without_csrf(unknown.content) == _without_csrf(known.content)
    assert Message.objects.count() == 1


def test_reset_refuses_a_malformed_email_next_to_the_field(client, db):
    response = client.post(RESET, {"email": "bukan-email"})
    assert response.context["form"].errors["email"] == [
        "Tulis alamat email yang benar, misalnya nama@contoh.id."]


def test_reset_link_sets_a_new_password_once(client, with_email):
    client.post(RESET, {"email": "siti@contoh.id"})
    link = re.search(r"http://testserver(\S+)", Message.objects.get().body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD,
                                      "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    with_email.refresh_from_db()
    assert with_email.check_password(NEW_PASSWORD)
    assert LedgerEntry.objects.filter(action="akun.sandi_diubah").count() == 1
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "tidak berlaku lagi" in again.content.decode()


def test_reset_link_refuses_a_weak_password(client, with_email):
    client.post(RESET, {"email": "siti@contoh.id"})
    link = re.search(r"http://testserver(\S+)", Message.objects.get().body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    with_email.refresh_from_db()
    assert not with_email.check_password("12345")

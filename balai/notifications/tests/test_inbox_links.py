"""A path of this site in a message body (the survey invitation's, say) is a link in the inbox;
everything else in the body stays escaped text."""

import pytest
from django.urls import reverse

from balai.core.testing import sign_in
from balai.notifications.actions import queue_message
from balai.notifications.models import Message
from balai.notifications.templatetags.inbox import link_site_paths


def test_site_path_becomes_a_link_and_the_rest_is_escaped():
    html = link_site_paths('Isi survei di /transparansi/survei/5/. <b>"Terima kasih"</b>')
    assert html == ('Isi survei di <a href="/transparansi/survei/5/">/transparansi/survei/5/</a>'
                    '. &lt;b&gt;&quot;Terima kasih&quot;&lt;/b&gt;')


@pytest.mark.parametrize("text", [
    "Jatuh tempo 12/05/2026/ pukul 10.00",  # not preceded by a space
    "Lihat https://contoh.id/transparansi/survei/5/",  # someone else's site
    "Tidak ada halaman /tidak-ada-halaman/ini/",  # no route of this site
    "Dokumen /transparansi/survei/5/\"onmouseover=\"x/",  # not a whole path
])
def test_other_slashes_stay_text(text):
    assert "<a " not in link_site_paths(text)


@pytest.mark.django_db
def test_inbox_links_the_path_in_a_message(client, citizen):
    queue_message(channel=Message.Channel.IN_APP, recipient=citizen, subject="Survei",
                  body="Isi survei kepuasan di /transparansi/survei/7/\nTerima kasih.")
    sign_in(client, citizen)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert ('<p>Isi survei kepuasan di <a href="/transparansi/survei/7/">/transparansi/survei/7/'
            '</a><br>Terima kasih.</p>') in html

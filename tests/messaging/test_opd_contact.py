"""The OPD's contact (name, e-mail, phone) is edited on the OPD page by those who manage
OPDs, checked with Indonesian messages, the phone stored as +62...; the page offers the
schedule letter in WhatsApp to those who may send messages, recorded in the outbox."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import Profile
from audit.models import AuditEntry
from messaging.models import Message
from participants.models import Opd
from sessions_app.documents import display_nip
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def form_data(opd: Opd, **contact) -> dict:
    return {"code": opd.code, "name": opd.name, "kind": opd.kind, **contact}


def test_the_contact_is_saved_with_the_phone_as_plus_62_and_audited(as_user, bob, opds):
    opd = opds[0]
    url = reverse("participants:opd_edit", args=[opd.pk])
    contact = {
        "contact_name": "Rina Kepegawaian",
        "contact_email": "kepegawaian@bkd.example",
        "contact_phone": "0812-5550-1234",
    }
    assert as_user(bob).post(url, form_data(opd, **contact)).status_code == 302
    opd.refresh_from_db()
    assert (opd.contact_name, opd.contact_email, opd.contact_phone) == (
        "Rina Kepegawaian",
        "kepegawaian@bkd.example",
        "+6281255501234",
    )
    entry = AuditEntry.objects.get(target_type="participants.opd")
    assert entry.changes["contact_phone"] == ["", "+6281255501234"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_phone", "021-555-1234", "No HP 021-555-1234 tidak valid"),
        ("contact_email", "bukan-alamat", "Masukkan alamat email"),
        ("contact_name", "=HYPERLINK(1)", "Diawali karakter = seperti rumus Excel"),
    ],
)
def test_a_bad_contact_is_refused_in_indonesian_and_nothing_changes(
    as_user, bob, opds, field, value, message
):
    opd = opds[0]
    url = reverse("participants:opd_edit", args=[opd.pk])
    response = as_user(bob).post(url, form_data(opd, **{field: value}))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    opd.refresh_from_db()
    assert (opd.contact_name, opd.contact_email, opd.contact_phone) == ("", "", "")


@pytest.fixture
def bkd_with_phone(opds):
    bkd = opds[0]
    bkd.contact_name, bkd.contact_phone = "Rina Kepegawaian", "+6281255501234"
    bkd.save()
    return bkd


def test_the_opd_page_hands_the_letter_to_whatsapp_and_records_it(
    as_user, bob, upcoming_event, registered, bkd_with_phone
):
    client = as_user(bob)
    page = client.get(reverse("participants:opd_edit", args=[bkd_with_phone.pk]))
    link = reverse("messaging:opd_whatsapp", args=[bkd_with_phone.pk, upcoming_event.code])
    assert f'href="{link}"' in page.content.decode()

    target = urlsplit(client.get(link).url)
    assert (target.scheme, target.netloc, target.path) == ("https", "wa.me", "/6281255501234")
    text = parse_qs(target.query)["text"][0]
    assert text.startswith("Yth. Rina Kepegawaian,\nKantor BKD\n")
    assert f"{registered[0].name} (NIP {display_nip(registered[0].nip)})" in text
    assert "terlampir" not in text and "DINKES" not in text
    message = Message.objects.get()
    assert (message.channel, message.state, message.kind) == ("whatsapp", "opened", "opd_letter")
    assert (message.opd, message.caused_by, message.body) == (bkd_with_phone, bob, text)


def test_who_sees_the_opd_whatsapp_link(as_user, bob, dave, upcoming_event, bkd_with_phone, opds):
    page = reverse("participants:opd_edit", args=[bkd_with_phone.pk])
    link = reverse("messaging:opd_whatsapp", args=[bkd_with_phone.pk, upcoming_event.code])
    # A manager (Pimpinan) neither edits OPDs nor sends messages.
    assert as_user(dave).get(page).status_code == 403
    assert as_user(dave).get(link).status_code == 403
    # Someone who edits OPDs but may not send messages sees the form, not the link.
    editor = make_user("frank", None)
    editor.user_permissions.add(Permission.objects.get(codename="change_opd"))
    text = as_user(editor).get(page).content.decode()
    assert 'name="contact_phone"' in text and link not in text
    assert as_user(editor).get(link).status_code == 403
    # Both rights but scoped to another OPD: the link answers 404.
    scoped = make_user("grace", None)
    scoped.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_opd", "add_message"])
    )
    Profile.objects.create(user=scoped).opds.set([opds[1]])
    assert as_user(scoped).get(link).status_code == 404
    # An OPD without a contact phone has no link; the address says why and sends nothing.
    other = reverse("messaging:opd_whatsapp", args=[opds[1].pk, upcoming_event.code])
    assert (
        other
        not in as_user(bob)
        .get(reverse("participants:opd_edit", args=[opds[1].pk]))
        .content.decode()
    )
    refused = as_user(bob).get(other, follow=True)
    assert "belum punya no HP kontak" in refused.content.decode()
    assert Message.objects.count() == 0

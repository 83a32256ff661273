from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import user_roles

# (label, url name, permission needed or None for every signed-in user)
NAVIGATION = (
    (_("Beranda"), "home", None),
    (_("Peserta"), "participants:list", "participants.view_participant"),
    (_("Impor Peserta"), "participants:import", "participants.add_participant"),
    (_("Kegiatan & Jadwal"), "sessions_app:events", "sessions_app.view_event"),
    (_("Sesi Saya"), "sessions_app:my_sessions", "sessions_app.view_attendance"),
    (_("Hasil"), "reports:index", "scoring.view_participantresult"),
    (_("Cakupan"), "talent:coverage", "scoring.view_participantresult"),
    (_("Talent Pool"), "talent:pool", "scoring.view_participantresult"),
    (_("OPD"), "participants:opd_list", "participants.change_opd"),
    (_("UPT"), "participants:upt_list", "participants.change_upt"),
    (_("Standar Kompetensi"), "participants:levels", "participants.change_requiredlevel"),
    (_("Standar Jabatan"), "talent:standards", "participants.view_positionstandard"),
    (_("Pesan"), "messaging:outbox", "messaging.view_message"),
    (_("Jejak Audit"), "audit:list", "audit.view_auditentry"),
)


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        {"label": label, "url": reverse(name), "active": request.path == reverse(name)}
        for label, name, perm in NAVIGATION
        if perm is None or user.has_perm(perm)
    ]
    return {"nav_items": items, "nav_roles": user_roles(user)}

from django.contrib import admin

from participants.admin import AuditedAdmin, RefusedDeleteMixin, ViewOnlyAdmin, ViewOnlyInline
from sessions_app.models import (
    Attendance,
    AttendanceMark,
    Event,
    Lab,
    Placement,
    Registration,
    Unavailability,
    Venue,
    Workstation,
)

# Venues, labs and workstations are master data, edited here. Events, registrations,
# placements and attendance change through the site's pages and services, which check the
# rules and write the audit trail; here they are only shown.


@admin.register(Event)
class EventAdmin(ViewOnlyAdmin):
    list_display = ["code", "name", "start_date", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["code", "name"]


class LabInline(admin.TabularInline):
    model = Lab
    extra = 0


@admin.register(Venue)
class VenueAdmin(AuditedAdmin):
    inlines = [LabInline]


class WorkstationInline(admin.TabularInline):
    model = Workstation
    extra = 0
    # A seat's status changes on the lab page, which first moves the people seated there.
    readonly_fields = ["status"]


@admin.register(Lab)
class LabAdmin(RefusedDeleteMixin, AuditedAdmin):
    list_display = ["name", "venue"]
    inlines = [WorkstationInline]

    def delete_refusal(self, obj) -> str | None:
        events = list(obj.events.values_list("code", flat=True))
        if not events:
            return None
        return f"Lab {obj} tidak dapat dihapus karena dipakai kegiatan {', '.join(events)}."


@admin.register(Registration)
class RegistrationAdmin(ViewOnlyAdmin):
    list_display = ["participant", "event"]
    list_filter = ["event"]
    search_fields = ["participant__name", "participant__nip"]
    list_select_related = ["participant", "event"]


@admin.register(Unavailability)
class UnavailabilityAdmin(ViewOnlyAdmin):
    list_display = ["registration", "date", "source"]
    list_select_related = ["registration__participant", "registration__event"]


@admin.register(Placement)
class PlacementAdmin(ViewOnlyAdmin):
    list_display = ["registration", "session", "workstation", "pinned"]
    list_filter = ["session__event", "pinned"]
    list_select_related = ["registration__participant", "session", "workstation"]


class AttendanceMarkInline(ViewOnlyInline):
    model = AttendanceMark


@admin.register(Attendance)
class AttendanceAdmin(ViewOnlyAdmin):
    list_display = ["registration", "session", "status"]
    list_filter = ["session__event", "status"]
    list_select_related = ["registration__participant", "session"]
    inlines = [AttendanceMarkInline]

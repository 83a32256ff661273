from django.contrib import admin

from participants.admin import AuditedAdmin
from sessions_app.models import (
    Event,
    Lab,
    Placement,
    Registration,
    Unavailability,
    Venue,
    Workstation,
)


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    list_display = ["code", "name", "start_date", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["code", "name"]
    filter_horizontal = ["labs"]
    # Sessions are edited on the event page, which checks dates and overlaps.


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
class LabAdmin(AuditedAdmin):
    list_display = ["name", "venue"]
    inlines = [WorkstationInline]


@admin.register(Registration)
class RegistrationAdmin(AuditedAdmin):
    list_display = ["participant", "event"]
    list_filter = ["event"]
    search_fields = ["participant__name", "participant__nip"]
    raw_id_fields = ["participant"]


@admin.register(Unavailability)
class UnavailabilityAdmin(AuditedAdmin):
    list_display = ["registration", "date", "source"]
    raw_id_fields = ["registration"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "workstation", "pinned"]
    list_filter = ["session__event", "pinned"]
    raw_id_fields = ["registration"]

    # Placements change through the schedule pages, which check capacity and audit.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin

from audit.models import AuditEntry
from audit.services import audit_record, form_changes
from participants.forms import OpdForm, ParticipantForm, UptForm
from participants.models import (
    ImportBatch,
    Opd,
    Participant,
    PositionClass,
    Region,
    RequiredLevel,
    Upt,
)


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the Django admin land in the same audit trail as the site's."""

    def save_model(self, request, obj, form, change):
        changes = form_changes(form)
        super().save_model(request, obj, form, change)
        if changes or not change:
            action = AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE
            audit_record(actor=request.user, action=action, target=obj, changes=changes)

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action=AuditEntry.Action.DELETE, target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, action=AuditEntry.Action.DELETE, target=obj)
        super().delete_queryset(request, queryset)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    search_fields = ["name"]


@admin.register(Opd)
class OpdAdmin(AuditedAdmin):
    form = OpdForm
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Upt)
class UptAdmin(AuditedAdmin):
    form = UptForm
    list_display = ["name", "opd", "region"]
    list_filter = ["region"]
    search_fields = ["name", "opd__name"]


class RequiredLevelInline(admin.TabularInline):
    model = RequiredLevel
    extra = 0


@admin.register(PositionClass)
class PositionClassAdmin(AuditedAdmin):
    list_display = ["name", "order"]
    inlines = [RequiredLevelInline]


@admin.register(Participant)
class ParticipantAdmin(AuditedAdmin):
    form = ParticipantForm
    list_display = ["nip", "name", "golongan", "position_class", "opd", "employment_type"]
    list_filter = ["employment_type", "position_class", "opd"]
    search_fields = ["nip", "name"]
    list_select_related = ["position_class", "opd"]
    autocomplete_fields = ["opd", "upt"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "original_name", "status", "created_by"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

from django.contrib import admin, messages

from audit.models import AuditEntry
from audit.services import audit_record, form_changes
from core.models import ImportBatch
from participants.forms import OpdForm, ParticipantForm, UptForm
from participants.models import (
    Opd,
    OpdAlias,
    Participant,
    PositionClass,
    Region,
    RequiredLevel,
    Upt,
)
from participants.opd_forms import OpdAliasForm
from participants.opd_services import OpdRefused, opd_delete, opd_delete_refusal


class ViewOnlyAdmin(admin.ModelAdmin):
    """Records the site's services write, checking the rules and auditing: the admin only
    shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ViewOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RefusedDeleteMixin:
    """Deleting from the admin follows the site's refusals: the reasons delete_refusal
    gives are listed as protected, so the admin shows them and deletes nothing."""

    def delete_refusal(self, obj) -> str | None:
        return None

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [reason for obj in objs if (reason := self.delete_refusal(obj))]
        return deleted, counts, perms_needed, list(protected) + refusals


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
class OpdAdmin(RefusedDeleteMixin, AuditedAdmin):
    form = OpdForm
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]

    def delete_refusal(self, obj) -> str | None:
        return opd_delete_refusal(obj)

    def delete_model(self, request, obj):
        try:
            opd_delete(opd=obj, actor=request.user)  # audited there
        except OpdRefused as refused:
            messages.error(request, refused.message)

    def delete_queryset(self, request, queryset):
        for opd in queryset:
            self.delete_model(request, opd)


@admin.register(OpdAlias)
class OpdAliasAdmin(AuditedAdmin):
    form = OpdAliasForm
    list_display = ["name", "opd", "created_at"]
    search_fields = ["name", "opd__name"]
    autocomplete_fields = ["opd"]


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
class ImportBatchAdmin(ViewOnlyAdmin):
    list_display = ["created_at", "kind", "original_name", "status", "created_by"]
    list_filter = ["kind", "status"]

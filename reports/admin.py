from django.contrib import admin

from participants.admin import AuditedAdmin
from reports.models import CompetencyDevelopment, Instrument, InstrumentItem, ScoringSettings


class ItemInline(admin.TabularInline):
    model = InstrumentItem
    extra = 0
    readonly_fields = ["position", "code", "component", "scale", "kind", "key", "reverse"]

    def has_add_permission(self, request, obj=None):
        return False  # items come from the workbook, validated


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin):
    list_display = ["name", "event", "created_at"]
    inlines = [ItemInline]


@admin.register(ScoringSettings)
class ScoringSettingsAdmin(AuditedAdmin):
    list_display = ["event"]


@admin.register(CompetencyDevelopment)
class CompetencyDevelopmentAdmin(AuditedAdmin):
    list_display = ["competency", "forms"]

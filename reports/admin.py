from django.contrib import admin

from participants.admin import AuditedAdmin
from reports.models import CompetencyDevelopment


# The development forms are master data, edited here.
@admin.register(CompetencyDevelopment)
class CompetencyDevelopmentAdmin(AuditedAdmin):
    list_display = ["competency", "forms"]

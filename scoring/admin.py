from django.contrib import admin

from participants.admin import ViewOnlyAdmin, ViewOnlyInline
from scoring.models import (
    AnswerSheet,
    Instrument,
    InstrumentItem,
    ParticipantResult,
    PrescoredResult,
    ScoreRun,
    ScoringSettings,
    SkpRating,
)

# Instruments, settings, answers, ratings, score runs and their results change through the
# site's imports and services (validated, versioned, audited); here they are only shown.


class ItemInline(ViewOnlyInline):
    model = InstrumentItem


@admin.register(Instrument)
class InstrumentAdmin(ViewOnlyAdmin):
    list_display = ["name", "event", "created_at"]
    inlines = [ItemInline]


@admin.register(ScoringSettings)
class ScoringSettingsAdmin(ViewOnlyAdmin):
    list_display = ["event"]


@admin.register(ScoreRun)
class ScoreRunAdmin(ViewOnlyAdmin):
    list_display = ["event", "number", "status", "published_at"]
    list_filter = ["event", "status"]


@admin.register(ParticipantResult)
class ParticipantResultAdmin(ViewOnlyAdmin):
    list_display = ["run", "registration", "jpm", "potential"]
    list_filter = ["run__event"]
    list_select_related = ["run__event", "registration__participant"]
    search_fields = ["registration__participant__name"]


@admin.register(PrescoredResult)
class PrescoredResultAdmin(ViewOnlyAdmin):
    list_display = ["registration", "imported_at"]
    list_select_related = ["registration__participant", "registration__event"]


@admin.register(AnswerSheet)
class AnswerSheetAdmin(ViewOnlyAdmin):
    list_display = ["registration", "instrument"]
    list_select_related = ["registration__participant", "registration__event", "instrument"]


@admin.register(SkpRating)
class SkpRatingAdmin(ViewOnlyAdmin):
    list_display = ["participant", "year", "predikat"]
    list_select_related = ["participant"]

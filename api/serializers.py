"""The JSON of each list. A person is named by NIP and an event by its code in every list,
the keys an HR system already holds. Phone numbers and e-mail addresses are not sent."""

from rest_framework import serializers

from participants.competencies import COMPETENCY_CODES
from participants.models import Participant
from scoring.models import ParticipantResult
from sessions_app.models import Attendance, Event, Placement


class OpdField(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ParticipantSerializer(serializers.ModelSerializer):
    opd = OpdField()
    upt = serializers.CharField(source="upt.name", allow_null=True, default=None)
    position_class = serializers.CharField(source="position_class.name")

    class Meta:
        model = Participant
        fields = [
            "nip",
            "name",
            "gender",
            "birth_date",
            "employment_type",
            "golongan",
            "position_title",
            "position_class",
            "opd",
            "upt",
            "updated_at",
        ]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["code", "name", "stage", "start_date", "end_date", "status", "changed_at"]


class SessionField(serializers.Serializer):
    name = serializers.CharField()
    date = serializers.DateField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()


class ScheduleSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="registration.participant.nip")
    event = serializers.CharField(source="registration.event.code")
    session = SessionField()
    venue = serializers.CharField(source="workstation.lab.venue.name")
    lab = serializers.CharField(source="workstation.lab.name")
    workstation = serializers.CharField(source="workstation.label")
    changed_at = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = ["nip", "event", "session", "venue", "lab", "workstation", "changed_at"]

    def get_changed_at(self, placement: Placement) -> str:
        changed = max(placement.placed_at, placement.session.changed_at)
        return serializers.DateTimeField().to_representation(changed)


class AttendanceSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="registration.participant.nip")
    event = serializers.CharField(source="registration.event.code")
    session = SessionField()

    class Meta:
        model = Attendance
        fields = ["nip", "event", "session", "status", "arrived_at", "reason", "changed_at"]


class ResultSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="registration.participant.nip")
    event = serializers.CharField(source="run.event.code")
    run = serializers.IntegerField(source="run.number")
    published_at = serializers.DateTimeField(source="run.published_at")
    levels = serializers.SerializerMethodField()
    ld = serializers.DecimalField(source="ld_score", max_digits=5, decimal_places=2)
    es = serializers.DecimalField(source="es_score", max_digits=5, decimal_places=2)

    class Meta:
        model = ParticipantResult
        fields = [
            "nip",
            "event",
            "run",
            "published_at",
            "levels",
            "jpm",
            "jpm_category",
            "ld",
            "es",
            "potential",
            "potential_category",
            "kinerja",
            "box",
        ]

    def get_levels(self, result: ParticipantResult) -> dict[str, int]:
        """Sembilan level MSK menurut kode kompetensi (M.01 ... SK.01)."""
        return dict(zip(COMPETENCY_CODES, result.levels, strict=False))

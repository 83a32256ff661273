from django.apps import AppConfig


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = "Jadwal dan kehadiran"

    def ready(self) -> None:
        # `import_participants --event CODE` lives in participants, which may not import
        # this app: it reaches events through the slot filled here.
        from participants.enrolment import enrolment_register
        from sessions_app.services.registration import import_enrolment

        enrolment_register(lookup=import_enrolment)

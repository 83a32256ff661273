from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Pesan"

    def ready(self) -> None:
        # The send task is sent by name (messaging.services); registered here, so that
        # in-process (eager) Celery finds it in the web process too.
        from django.db.models.signals import m2m_changed, post_save, pre_delete

        from messaging import letters, proctors, results_note, tasks  # noqa: F401
        from messaging.notices import on_placements_changed
        from scoring.signals import run_published
        from sessions_app.models import Session
        from sessions_app.signals import placements_changed

        placements_changed.connect(on_placements_changed, dispatch_uid="messaging.notices")
        placements_changed.connect(letters.on_placements_changed, dispatch_uid="messaging.letters")
        run_published.connect(results_note.on_run_published, dispatch_uid="messaging.results")
        m2m_changed.connect(
            proctors.on_proctors_changed,
            sender=Session.proctors.through,
            dispatch_uid="messaging.proctors",
        )
        post_save.connect(
            proctors.on_session_saved, sender=Session, dispatch_uid="messaging.proctors.saved"
        )
        pre_delete.connect(
            proctors.on_session_deleted, sender=Session, dispatch_uid="messaging.proctors.deleted"
        )

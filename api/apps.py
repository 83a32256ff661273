from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Read-only JSON for the HR systems (SIMPEG, BKN's exchange), one key per system."""

    name = "api"
    verbose_name = "API sistem kepegawaian"

    def ready(self) -> None:
        # Registers the key's description with drf-spectacular.
        from api import schema  # noqa: F401

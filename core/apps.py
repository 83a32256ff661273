from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared plumbing every app uses: reading spreadsheets, safe Excel cells, bulk
    writes, upload limits, import batches. It imports no other app of the project."""

    name = "core"
    verbose_name = "Impor dan alat bersama"

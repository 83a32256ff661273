"""The embedded demo: Tahap III of the 2024 CACT (`manage.py seed_demo`) and its data.

It sits above every other app and may import any of them; no app imports it, so nothing in
production code reaches upwards just for the demo (tests/test_import_direction.py).
"""

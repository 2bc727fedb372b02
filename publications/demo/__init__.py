"""Demo content for a fresh installation: see `manage.py load_demo_content`."""

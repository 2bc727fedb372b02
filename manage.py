#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that read the code, not the site's data, and sign nothing: they
# run without the production secret key (a placeholder stands in for it), as
# `make backup` does. Everything else still refuses to start without one.
KEYLESS_COMMANDS = {"makemigrations"}
PLACEHOLDER_KEY = "keyless-command-signs-nothing"


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:2] and sys.argv[1] in KEYLESS_COMMANDS:
        os.environ["SECRET_KEY"] = os.environ.get("SECRET_KEY") or PLACEHOLDER_KEY
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

"""Child process that renders PDF HTML files: `python -m publications.pdf.worker JOB`.

JOB is a JSON file naming the HTML sources and PDF targets, plus the few
settings (static and media locations) the parent runs with. The process prints
each finished document's index on its own line, so the parent can show
progress, and exits: the memory WeasyPrint held goes back to the system.
"""

import json
import os
import sys
from pathlib import Path


def main(job_path: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    # No django.setup(): the renderer needs settings, static files and media
    # storage but no models, and skipping the app registry saves a second.
    for name, value in job["settings"].items():
        if name == "STATICFILES_DIRS":
            value = [
                tuple(entry) if isinstance(entry, list) else entry for entry in value
            ]
        setattr(settings, name, value)

    from publications.pdf.render import quiet_renderer_logs, write_pdf

    quiet_renderer_logs()

    for index, document in enumerate(job["documents"]):
        html = Path(document["html"]).read_text(encoding="utf-8")
        Path(document["pdf"]).write_bytes(write_pdf(html))
        sys.stdout.write(f"{index}\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

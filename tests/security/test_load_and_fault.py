import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_site_keeps_serving_and_keeps_every_comment_when_a_worker_dies():
    """Readers and commenters run against gunicorn; a worker is killed mid-way.

    Runs on a fresh SQLite database, or on a fresh database of the
    PostgreSQL server that DATABASE_URL names (under scripts/with-postgres).
    """
    result = subprocess.run(
        [sys.executable, "scripts/load_and_fault.py", "--duration", "10",
         "--readers", "2", "--commenters", "2", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    report = json.loads(result.stdout)
    assert result.returncode == 0, report
    assert report["worker_killed"] is not None
    assert report["workers_after"] == 2
    assert report["errors_outside_kill"] == 0
    assert report["comments_accepted"] > 0
    assert report["comments_stored"] == report["comments_accepted"]
    assert report["requests_served"] > report["comments_accepted"]

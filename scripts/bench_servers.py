"""Servers the benchmark starts and measures: gunicorn, Varnish, nginx, wrk.

Used by scripts/bench.py (`make bench`).
"""

import http.client
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
WRK = shlex.split(os.environ.get("BENCH_WRK", "-t2 -c32 -d5s"))
VARNISHSTAT = shutil.which("varnishstat") or "/usr/bin/varnishstat"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ACCESS_FORMAT = "%(U)s%(q)s %(s)s %(D)s"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 60) -> tuple[int, list, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


class Server:
    """gunicorn with config/gunicorn.py on a free loopback port."""

    def __init__(self, app: str, env: dict, workdir: Path, name: str):
        self.port = free_port()
        self.log = workdir / f"{name}-access.log"
        self.peaks: dict[int, int] = {}
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "--config",
                str(BASE_DIR / "config" / "gunicorn.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                str(self.log),
                "--access-logformat",
                ACCESS_FORMAT,
                "--error-logfile",
                str(workdir / f"{name}-error.log"),
                app,
            ],
            cwd=BASE_DIR,
            env=env,
        )
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample_memory, daemon=True)
        self._sampler.start()

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}")
            try:
                fetch(self.port, path, timeout=30)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 90 s")

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text()
            return [int(child) for child in children.split()]
        except OSError:
            return []

    def _sample_memory(self) -> None:
        # Workers are recycled after max_requests: sample often, keep the peak
        # of every worker ever seen.
        while not self._stop.wait(0.25):
            for pid in self.workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
                if match:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), int(match[1]))

    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0) / 1024

    def log_lines(self) -> int:
        return len(self.log.read_text().splitlines()) if self.log.exists() else 0

    def server_times_ms(self, since: int, path: str) -> list[float]:
        lines = self.log.read_text().splitlines()[since:]
        times = []
        for line in lines:
            logged_path, status, micros = line.rsplit(" ", 2)
            if logged_path == path and status == "200":
                times.append(int(micros) / 1000)
        return times

    def stop(self) -> None:
        self._stop.set()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class FrontCache:
    """The site behind Varnish, as `make serve-varnish` runs it."""

    def __init__(self, env: dict, port: int, workdir: Path):
        self.port = port
        # varnishd reads its VCL as its own unprivileged user.
        self.dir = Path(tempfile.mkdtemp(prefix="bench-varnish-"))
        self.dir.chmod(0o755)
        self.process = subprocess.Popen(
            [str(BASE_DIR / "scripts" / "serve-varnish")],
            cwd=BASE_DIR,
            env={
                **env,
                "PORT": str(port),
                "BACKEND_PORT": str(free_port()),
                "VARNISH_DIR": str(self.dir),
                "PYTHON": PYTHON,
                "PAGE_CACHE": "1",
                # As the nginx beside it: no access log.
                "VARNISH_REQUEST_LOG": "0",
            },
            stdout=open(workdir / "serve-varnish.log", "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("serve-varnish exited; see its log")
            try:
                if fetch(self.port, path, timeout=30)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("Varnish did not answer within 90 s")

    def kept(self, path: str) -> tuple[str, list, bytes]:
        """Fetch `path` until Varnish answers it from memory."""
        for _ in range(20):
            status, headers, body = fetch(self.port, path)
            names = {key.lower(): value for key, value in headers}
            if names.get("x-front-cache") == "hit":
                return status, headers, body
            time.sleep(0.05)
        raise SystemExit(f"Varnish does not keep {path}")

    def objects(self) -> int:
        result = subprocess.run(
            [VARNISHSTAT, "-n", str(self.dir / "state"), "-1", "-f", "MAIN.n_object"],
            capture_output=True,
            text=True,
            check=True,
        )
        return int(result.stdout.split()[1])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class StaticCeiling:
    """Debian's nginx serving each recorded body as a static file."""

    def __init__(self, bodies: list[bytes]):
        self.port = free_port()
        # nginx's workers run as an unprivileged user: a folder they may read.
        self.dir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.dir.chmod(0o755)
        root = self.dir / "www"
        root.mkdir()
        root.chmod(0o755)
        for index, body in enumerate(bodies):
            page = root / f"p{index}"
            page.write_bytes(body)
            page.chmod(0o644)
        temp = "\n".join(
            f"  {kind}_temp_path {self.dir}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.dir / "nginx.conf").write_text(
            "worker_processes auto;\n"
            f"pid {self.dir}/nginx.pid;\n"
            f"error_log {self.dir}/error.log;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "  access_log off;\n  sendfile on;\n  tcp_nopush on;\n"
            f"{temp}\n"
            f"  server {{ listen 127.0.0.1:{self.port}; root {root};\n"
            "    location / { default_type text/html; } }\n"
            "}\n"
        )
        self.process = subprocess.Popen(
            [NGINX, "-c", str(self.dir / "nginx.conf"), "-g", "daemon off;"]
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                fetch(self.port, "/p0", timeout=5)
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("nginx did not answer within 30 s")

    def path(self, index: int) -> str:
        return f"/p{index}"

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


def parse_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load(port: int, path: str) -> dict:
    result = subprocess.run(
        ["wrk", *WRK, "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    percentiles = dict(re.findall(r"^\s*(50|99)%\s+([\d.]+[a-z]+)", out, re.MULTILINE))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)$", out, re.MULTILINE)
    nan = float("nan")
    return {
        "rps": float(rps[1]) if rps else nan,
        "p50_ms": parse_ms(percentiles["50"]) if "50" in percentiles else nan,
        "p99_ms": parse_ms(percentiles["99"]) if "99" in percentiles else nan,
        "non_2xx": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
        "wrk_output": out,
    }


def median_run(runs: list[dict]) -> dict:
    """Return the run with the median requests per second, with every rate."""
    ordered = sorted(runs, key=lambda run: run["rps"])
    return {**ordered[len(ordered) // 2], "rounds_rps": [run["rps"] for run in runs]}

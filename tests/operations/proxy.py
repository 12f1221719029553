"""krapte behind Debian's nginx on loopback: the deploy configuration with test ports and a
throw-away self-signed certificate, and `krapte serve` processes (for the proxy test and
benchmarks/web_load.py)."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_CONF = ROOT / "deploy" / "nginx" / "krapte.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
HOST = "localhost"


def missing_tools() -> str:
    """Why the proxy cannot run here ('' when it can)."""
    for tool in (NGINX, OPENSSL):
        if not Path(tool).exists():
            return f"{Path(tool).name} is missing: install Debian's package (`.ci/run` does)"
    return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for ``localhost`` valid for a day, and its key."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def tls_context(cert: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert))


def _replace(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) == count, f"deploy/nginx/krapte.conf no longer holds {old!r}"
    return text.replace(old, new)


def site_conf(
    upstreams: Sequence[int], http_port: int, https_port: int, cert: Path, key: Path
) -> str:
    """deploy/nginx/krapte.conf with loopback ports, this certificate, and an ``X-Upstream``
    header that tells which krapte process answered."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in upstreams)
    text = _replace(text, "    server 127.0.0.1:8000;\n", servers)
    text = _replace(text, "    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n")
    text = _replace(text, "    listen [::]:80;\n", "")
    text = _replace(
        text, "    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n"
    )
    text = _replace(text, "    listen [::]:443 ssl http2;\n", "")
    text = _replace(text, "/etc/letsencrypt/live/krapte.example.org/fullchain.pem", str(cert))
    text = _replace(text, "/etc/letsencrypt/live/krapte.example.org/privkey.pem", str(key))
    text = _replace(text, "server_name krapte.example.org;", f"server_name {HOST};", 2)
    hsts = (
        '    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;\n'
    )
    return _replace(text, hsts, hsts + "    add_header X-Upstream $upstream_addr always;\n")


def _main_conf(folder: Path, workers: int) -> str:
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    paths = "".join(
        f"    {kind}_temp_path {temp / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes {workers};\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n    access_log off;\n{paths}    include {folder / 'krapte.conf'};\n}}\n"
    )


def wait_until_answering(
    url: str, context: ssl.SSLContext | None = None, seconds: float = 60
) -> None:
    import httpx2 as httpx

    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url, verify=context or True, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"no answer from {url}")
        time.sleep(0.2)


@contextmanager
def nginx(
    folder: Path, upstreams: Sequence[int], workers: int = 1
) -> Iterator[tuple[int, int, Path]]:
    """nginx with the deploy configuration in front of ``upstreams``: (http port, https port,
    certificate) while the block runs."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed(folder)
    http_port, https_port = free_port(), free_port()
    (folder / "krapte.conf").write_text(
        site_conf(upstreams, http_port, https_port, cert, key), encoding="utf-8"
    )
    (folder / "nginx.conf").write_text(_main_conf(folder, workers), encoding="utf-8")
    command = [NGINX, "-e", str(folder / "error.log"), "-p", str(folder),
               "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]  # fmt: skip
    subprocess.run([*command[:-2], "-t"], check=True, capture_output=True)
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)  # errors: error.log
    try:
        wait_until_answering(f"https://{HOST}:{https_port}/health", tls_context(cert))
        yield http_port, https_port, cert
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def krapte_serve(
    env: Mapping[str, str], workers: int = 1, log: Path | None = None
) -> Iterator[int]:
    """`krapte serve --workers N` on a free loopback port while the block runs: its port."""
    port = free_port()
    with ExitStack() as stack:
        errors = stack.enter_context(log.open("ab")) if log else subprocess.DEVNULL
        process = subprocess.Popen(
            [sys.executable, "-m", "krapte", "serve", "--port", str(port),
             "--workers", str(workers)],
            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
        try:
            wait_until_answering(f"http://127.0.0.1:{port}/health")
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)

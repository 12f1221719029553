"""krapte in production behind nginx: two `krapte serve` processes on PostgreSQL behind the
deploy configuration (deploy/nginx/krapte.conf) with a self-signed certificate, smoke-tested
through HTTPS from two client addresses (127.0.0.2 and 127.0.0.3).

Skipped without nginx or openssl locally (failed on CI, where ``.ci/run`` installs them) and
without PostgreSQL.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import select

from accounts.builders import PASSWORD, make_user
from builders import drop_everything
from krapte.accounts.core.permissions import Role
from krapte.accounts.tables import AccountLoginAttempt
from krapte.bootstrap import bootstrap, initialise
from krapte.placement.rounds.students import link_student_accounts
from krapte.settings import Settings
from operations.proxy import HOST, krapte_serve, missing_tools, nginx, tls_context
from placement.rounds.student_builders import build_round

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.slow]

POSTGRES_URL = os.environ.get("KRAPTE_TEST_POSTGRES_URL", "")
STUDENT = "s1@school.test"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Proxied:
    base: str
    http_base: str
    cert: Path
    round_id: int
    upstreams: tuple[int, int]
    folder: Path

    def client(self, address: str) -> httpx.Client:
        """A client whose connections come from ``address`` (a loopback address)."""
        transport = httpx.HTTPTransport(verify=tls_context(self.cert), local_address=address)
        return httpx.Client(base_url=self.base, transport=transport, timeout=20)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    reason = missing_tools()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL server: set KRAPTE_TEST_POSTGRES_URL (`.ci/run` does)")
    folder = tmp_path_factory.mktemp("proxied")
    container = bootstrap(Settings(home=folder / "home", database_url=POSTGRES_URL))
    drop_everything(container.store.engine)
    initialise(container)
    round_id = build_round(container, accounts=False)
    user = make_user(container, STUDENT, Role.STUDENT, name="Student 1")
    link_student_accounts(container.unit_of_work(write=True), STUDENT, user.id)
    (folder / "metrics").mkdir()
    env = {
        "KRAPTE_HOME": str(folder / "home"),
        "KRAPTE_DATABASE_URL": POSTGRES_URL,
        "KRAPTE_ENV": "production",
        "KRAPTE_SECRET_KEY": secrets.token_urlsafe(48),
        "KRAPTE_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "KRAPTE_TRUSTED_PROXIES": "127.0.0.1",
        "KRAPTE_API_RATE_LIMIT": "4/minute",
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
    }
    log = folder / "krapte.log"
    try:
        with (
            krapte_serve(env, log=log) as first,
            krapte_serve(env, log=log) as second,
            nginx(folder / "nginx", [first, second]) as (http_port, https_port, cert),
        ):
            yield Proxied(
                f"https://{HOST}:{https_port}",
                f"http://{HOST}:{http_port}",
                cert,
                round_id,
                (first, second),
                folder,
            )
    finally:
        drop_everything(container.store.engine)
        container.store.dispose()


def upstream(answer: httpx.Response) -> str:
    return answer.headers["x-upstream"].rsplit(":", 1)[-1]


def test_http_is_sent_to_https(proxied: Proxied) -> None:
    answer = httpx.get(proxied.http_base + "/cijfers?jaar=2024", follow_redirects=False)
    assert answer.status_code == 301
    assert answer.headers["location"] == f"https://{HOST}/cijfers?jaar=2024"
    assert "max-age" not in answer.headers.get("strict-transport-security", "")  # plain HTTP


def test_public_pages_answer_through_https_with_every_security_header_once(
    proxied: Proxied,
) -> None:
    with proxied.client("127.0.0.2") as client:
        for url in ("/", "/cijfers", "/prognose", "/over", "/api/v1/datasets"):
            answer = client.get(url)
            assert answer.status_code == 200, url
            assert answer.headers.get_list("strict-transport-security") == [
                "max-age=31536000; includeSubDomains"
            ], url
            assert "default-src 'self'" in answer.headers["content-security-policy"]
            assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["x-request-id"])  # nginx's id
            assert "server" not in answer.headers or "nginx/" not in answer.headers["server"]


def test_health_and_ready_answer_and_metrics_stay_private(proxied: Proxied) -> None:
    with proxied.client("127.0.0.2") as client:
        assert client.get("/health").json() == {"status": "ok"}
        assert client.get("/ready").json() == {"status": "ready"}
        assert client.get("/metrics").status_code == 404


def test_a_ranking_saved_through_one_worker_is_read_through_the_other(proxied: Proxied) -> None:
    with proxied.client("127.0.0.3") as client:
        form = client.get("/aanmelden")
        assert "Secure" in form.headers["set-cookie"]  # the CSRF cookie, over HTTPS
        token = _TOKEN.search(form.text)
        assert token
        signed = client.post(
            "/aanmelden",
            data={"email": STUDENT, "wachtwoord": PASSWORD, "csrf_token": token.group(1)},
        )
        assert signed.status_code == 303
        session_cookie = [c for c in signed.headers.get_list("set-cookie") if "sessie" in c]
        assert session_cookie
        assert "Secure" in session_cookie[0]
        assert "HttpOnly" in session_cookie[0]
        rid = proxied.round_id
        seen: set[str] = set()
        for _ in range(6):  # both workers read (and keep) the list as it is before the change
            page = client.get(f"/stages/{rid}/mijn-lijst")
            assert re.findall(r'data-offer-id="([^"]+)"', page.text) == ["O1", "O2"]
            seen.add(upstream(page))
        assert len(seen) == 2
        token = _TOKEN.search(page.text)
        assert token
        saved = client.post(
            f"/stages/{rid}/mijn-lijst/toevoegen",
            data={"offer_id": "O5", "csrf_token": token.group(1)},
        )
        assert saved.status_code == 303
        writer = upstream(saved)
        for _ in range(6):
            read = client.get(f"/stages/{rid}/mijn-lijst")
            if upstream(read) != writer:
                break
        assert upstream(read) != writer
        assert read.status_code == 200
        assert re.findall(r'data-offer-id="([^"]+)"', read.text) == ["O1", "O2", "O5"]


def test_the_throttles_count_the_real_client_across_both_workers(proxied: Proxied) -> None:
    with proxied.client("127.0.0.4") as hasty, proxied.client("127.0.0.5") as other:
        answers = [hasty.get("/api/v1/datasets") for _ in range(5)]
        assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
        assert len({upstream(a) for a in answers}) == 2  # both workers counted together
        assert other.get("/api/v1/datasets").status_code == 200
        form = hasty.get("/aanmelden")
        for attempt in range(6):
            token = _TOKEN.search(hasty.get("/aanmelden").text) or _TOKEN.search(form.text)
            assert token
            tried = hasty.post(
                "/aanmelden",
                data={"email": f"onbekend{attempt}@voorbeeld.be", "wachtwoord": "fout",
                      "csrf_token": token.group(1)},
            )  # fmt: skip
        assert tried.status_code == 429
        token = _TOKEN.search(other.get("/aanmelden").text)
        assert token
        fine = other.post(
            "/aanmelden",
            data={"email": STUDENT, "wachtwoord": PASSWORD, "csrf_token": token.group(1)},
        )
        assert fine.status_code == 303
    container = bootstrap(Settings(database_url=POSTGRES_URL))
    with container.unit_of_work() as uow:
        clients = set(uow.session.scalars(select(AccountLoginAttempt.client)))
    container.store.dispose()
    assert clients == {"127.0.0.4"}


def test_metrics_add_up_both_processes_and_logs_are_json(proxied: Proxied) -> None:
    with proxied.client("127.0.0.2") as client:
        for _ in range(4):
            assert client.get("/ready").status_code == 200
    first, second = proxied.upstreams
    counts = []
    for port in (first, second):
        text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
        found = re.search(
            r'krapte_http_request_duration_seconds_count\{method="GET",route="/ready",'
            r'status="200"\} (\d+)',
            text,
        )
        assert found, text[:2000]
        counts.append(int(float(found.group(1))))
    assert counts[0] == counts[1] >= 4  # each process shows the figures of both
    log = (proxied.folder / "krapte.log").read_text(encoding="utf-8")
    assert '"route": "/stages/{rid}/mijn-lijst"' in log
    assert STUDENT not in log
    assert PASSWORD not in log

"""The API's rate-limit counts live in a file that every worker process of a server shares."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

import krapte.web.shared_limits  # noqa: F401  (registers sqlitefile://)

ANOTHER_WORKER = """
import sys
from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
import krapte.web.shared_limits
limiter = FixedWindowRateLimiter(storage_from_string(sys.argv[1]))
for _ in range(3):
    assert limiter.hit(RateLimitItemPerMinute(5), "client-a")
"""


def test_two_processes_count_against_one_limit(tmp_path: Path) -> None:
    uri = f"sqlitefile://{tmp_path / 'ratelimits.db'}"
    subprocess.run([sys.executable, "-c", ANOTHER_WORKER, uri], check=True, timeout=60)
    here = FixedWindowRateLimiter(storage_from_string(uri))
    limit = RateLimitItemPerMinute(5)
    assert here.hit(limit, "client-a")
    assert here.hit(limit, "client-a")
    assert not here.hit(limit, "client-a")  # 3 there + 2 here: the sixth is refused
    assert here.hit(limit, "client-b")  # another client has its own count


def test_an_expired_window_starts_again_from_one(tmp_path: Path) -> None:
    storage = storage_from_string(f"sqlitefile://{tmp_path / 'ratelimits.db'}")
    assert storage.incr("k", expiry=60) == 1
    assert storage.incr("k", expiry=60, amount=2) == 3
    assert storage.get("k") == 3
    assert storage.incr("old", expiry=-1) == 1  # already expired
    assert storage.get("old") == 0
    assert storage.incr("old", expiry=60) == 1
    storage.clear("k")
    assert storage.get("k") == 0
    assert storage.check()

"""Results kept by key: computed once, bounded, and never kept when they fail."""

from __future__ import annotations

import threading
import time

import pytest

from krapte.memo import Memo


def test_a_value_is_made_once_per_key() -> None:
    memo: Memo[int] = Memo(size=4)
    made: list[str] = []
    for _ in range(3):
        assert memo.get("a", lambda: made.append("a") or 1) == 1
    assert made == ["a"]


def test_callers_asking_together_share_one_computation() -> None:
    memo: Memo[int] = Memo(size=4)
    made: list[int] = []

    def slow() -> int:
        time.sleep(0.05)
        made.append(1)
        return 42

    answers: list[int] = []
    threads = [
        threading.Thread(target=lambda: answers.append(memo.get("k", slow))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [42] * 8
    assert made == [1]


def test_the_least_recently_used_value_goes_first() -> None:
    memo: Memo[str] = Memo(size=2)
    memo.get("a", lambda: "a")
    memo.get("b", lambda: "b")
    memo.get("a", lambda: "opnieuw")  # a is used again, so b is the oldest
    memo.get("c", lambda: "c")
    assert memo.get("a", lambda: "opnieuw") == "a"
    assert memo.get("b", lambda: "opnieuw") == "opnieuw"


def test_a_failed_computation_is_not_kept() -> None:
    memo: Memo[int] = Memo(size=2)

    def fail() -> int:
        raise RuntimeError("kapot")

    with pytest.raises(RuntimeError):
        memo.get("k", fail)
    assert memo.get("k", lambda: 7) == 7


def test_forget_keeps_only_what_it_is_told_to() -> None:
    memo: Memo[int] = Memo(size=4)
    memo.get(("choices", 1), lambda: 1)
    memo.get(("page", 1), lambda: 2)
    memo.forget(lambda key: isinstance(key, tuple) and key[0] == "choices")
    assert memo.get(("choices", 1), lambda: 10) == 1
    assert memo.get(("page", 1), lambda: 20) == 20

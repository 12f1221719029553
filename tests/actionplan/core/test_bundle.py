"""The bundled action plan: the report's 60 recommendations, 10 priorities and their links."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from krapte.actionplan.core.bundle import (
    ACTOR_GROUPS,
    TERMS,
    ActionPlan,
    data_dir,
    load,
    load_bundled,
)
from krapte.errors import InvalidInput

REPOSITORY = Path(__file__).resolve().parents[3]
SEED = REPOSITORY.parent / "shared" / "seed" / "000_a936d57cfe7e88a9.txt"
needs_seed = pytest.mark.skipif(
    not SEED.exists(),
    reason=f"the report's text is not beside the checkout ({SEED}); CI has ../shared there",
)


@pytest.fixture(scope="module")
def plan() -> ActionPlan:
    return load_bundled()


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- completeness --------------------------------------------------------------------------


def test_all_sixty_recommendations_are_numbered_once(plan: ActionPlan) -> None:
    assert sorted(item.number for item in plan.recommendations) == list(range(1, 61))


def test_all_ten_priorities_are_numbered_once(plan: ActionPlan) -> None:
    assert sorted(item.number for item in plan.priorities) == list(range(1, 11))


def test_recommendations_per_actor_group_match_the_report(plan: ActionPlan) -> None:
    counts = Counter(item.actor_group for item in plan.recommendations)
    assert counts == {
        "government": 10,
        "employment_service": 4,
        "sector_federation": 6,
        "care_welfare_ambassador": 5,
        "higher_education": 12,
        "social_work_organisations": 17,
        "individual_social_workers": 6,
    }


def test_recommendations_per_term_and_group_match_the_report(plan: ActionPlan) -> None:
    counts = Counter((item.actor_group, item.term) for item in plan.recommendations)
    short = {group: counts[(group, "short")] for group in ACTOR_GROUPS}
    assert short == {
        "government": 3,
        "employment_service": 3,
        "sector_federation": 3,
        "care_welfare_ambassador": 3,
        "higher_education": 6,
        "social_work_organisations": 10,
        "individual_social_workers": 3,
    }
    assert Counter(item.term for item in plan.recommendations) == {"short": 31, "long": 29}


def test_groups_follow_the_report_order_without_interleaving(plan: ActionPlan) -> None:
    ordered = sorted(plan.recommendations, key=lambda item: item.number)
    groups = [item.actor_group for item in ordered]
    runs = [group for index, group in enumerate(groups) if index == 0 or groups[index - 1] != group]
    assert runs == list(ACTOR_GROUPS)


def test_every_priority_link_refers_to_existing_items(plan: ActionPlan) -> None:
    recommendations = {item.number for item in plan.recommendations}
    priorities = {item.number for item in plan.priorities}
    assert plan.links
    for link in plan.links:
        assert link.recommendation in recommendations
        assert link.priority in priorities


def test_every_priority_has_at_least_one_linked_recommendation(plan: ActionPlan) -> None:
    assert {link.priority for link in plan.links} == set(range(1, 11))


def test_internship_priority_links_the_issue_example_with_a_note_each(plan: ActionPlan) -> None:
    assert set(plan.recommendations_of(7)) == {2, 35, 36, 47, 59}
    for link in plan.links:
        if link.basis == "interpretation":
            assert link.notes.strip()


# --- the bundled text against the report ----------------------------------------------------


def _heading_above(lines: list[str], line: int, pattern: str) -> tuple[int, str]:
    for index in range(line - 2, -1, -1):
        if re.match(pattern, lines[index].strip()):
            return index + 1, lines[index].strip()
    raise AssertionError(f"no heading {pattern!r} above line {line}")


@needs_seed
def test_each_recommendation_stands_in_the_report_where_the_bundle_says(plan: ActionPlan) -> None:
    lines = SEED.read_text("utf-8").splitlines()
    sections = {f"5.{position}": group for position, group in enumerate(ACTOR_GROUPS, 1)}
    for item in plan.recommendations:
        region = _spaced(" ".join(lines[item.source_line - 1 : item.source_line + 4]))
        assert region.startswith(f"{item.number}. {_spaced(item.text)[:60]}"), item.number
        section_line, section = _heading_above(lines, item.source_line, r"^5\.\d\.? ")
        assert section == item.section, item.number
        assert sections[section[:3]] == item.actor_group, item.number
        term_line, term = _heading_above(lines, item.source_line, r"^(Korte|Lange) termijn$")
        assert term_line > section_line, item.number
        assert term == TERMS[item.term], item.number


@needs_seed
def test_each_priority_stands_in_the_report_where_the_bundle_says(plan: ActionPlan) -> None:
    lines = SEED.read_text("utf-8").splitlines()
    first_heading, _ = _heading_above(lines, min(p.source_line for p in plan.priorities), "^PRIO")
    for item in plan.priorities:
        assert item.source_line > first_heading
        region = _spaced(" ".join(lines[item.source_line - 1 : item.source_line + 4]))
        assert region.startswith(f"{item.number}. {_spaced(item.text)[:60]}"), item.number


# --- malformed copies ----------------------------------------------------------------------


def _copy_with(tmp_path: Path, change: dict[int, dict[str, str]]) -> Path:
    """A copy of the bundle whose recommendations.csv has ``change[number]`` applied."""
    folder = tmp_path / "actionplan"
    folder.mkdir()
    for name in ("recommendations.csv", "priorities.csv", "priority_links.csv"):
        with (data_dir() / name).open("rb") as source, (folder / name).open("wb") as target:
            shutil.copyfileobj(source, target)
    path = folder / "recommendations.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update(change.get(int(row["number"]), {}))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_an_unchanged_copy_loads_like_the_bundle(tmp_path: Path, plan: ActionPlan) -> None:
    assert load(_copy_with(tmp_path, {})) == plan


def test_a_duplicate_number_is_refused_naming_file_row_and_column(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, {5: {"number": "4"}})
    with pytest.raises(InvalidInput) as caught:
        load(folder)
    messages = [str(problem) for problem in caught.value.problems]
    assert "recommendations.csv, rij 6, kolom 'number': nummer 4 komt twee keer voor" in messages
    assert "recommendations.csv, kolom 'number': nummer(s) 5 ontbreken" in messages


def test_an_unknown_actor_group_is_refused_naming_file_row_and_column(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, {12: {"actor_group": "werkgevers"}})
    with pytest.raises(InvalidInput) as caught:
        load(folder)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.field) == ("recommendations.csv", 13, "actor_group")
    assert problem.message.startswith("onbekende groep 'werkgevers'")


def test_an_unknown_term_is_refused(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, {60: {"term": "medium"}})
    with pytest.raises(InvalidInput) as caught:
        load(folder)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.field) == ("recommendations.csv", 61, "term")
    assert "termijn" in problem.message

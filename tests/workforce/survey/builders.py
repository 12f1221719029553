"""Tiny builders for survey tests: an open survey with links, and anonymous answers.

```
survey_id, tokens = survey_with_links(container, ORG_USER, links=12)
answer(container, tokens[:10], work_stress="3")
```
"""

from __future__ import annotations

from krapte.accounts.core.permissions import Actor, Role
from krapte.bootstrap import Container
from krapte.workforce.survey import service
from krapte.workforce.survey.core.questionnaire import KEYS

ORGANISATION = "Vzw De Brug"
OTHER = "Vzw Elders"
ORG_USER = Actor(1, "org", frozenset({Role.ORGANISATION}), organisations=frozenset({ORGANISATION}))
OTHER_USER = Actor(2, "ander", frozenset({Role.ORGANISATION}), organisations=frozenset({OTHER}))
ANALYST = Actor(3, "analist", frozenset({Role.ANALYST}))
ADMIN = Actor(4, "beheer", frozenset({Role.ADMIN}))

#: Every question answered "soms" (no problem).
CALM: dict[str, str] = dict.fromkeys(KEYS, "1")


def survey_with_links(
    container: Container, actor: Actor = ORG_USER, links: int = 12, organisation: str = ORGANISATION
) -> tuple[int, list[str]]:
    made = service.open_survey(container.unit_of_work(write=True), actor, organisation)
    tokens = service.make_links(container.unit_of_work(write=True), actor, made.survey_id, links)
    return made.survey_id, tokens


def answer(container: Container, tokens: list[str], **answers: str) -> None:
    """One response per token: ``CALM`` with the given answers instead."""
    for token in tokens:
        service.respond(container.unit_of_work(write=True), token, {**CALM, **answers})


def close(container: Container, survey_id: int, actor: Actor = ORG_USER) -> None:
    service.close_survey(container.unit_of_work(write=True), actor, survey_id)

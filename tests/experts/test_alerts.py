"""Job alerts: double opt-in, one-click unsubscribe in every mail, and the vacancy hook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from experts.builders import BASE, links, outbox
from krapte.bootstrap import Container
from krapte.errors import InvalidInput, NotFound
from krapte.experts import alerts
from krapte.experts.core.alerts import Criteria, checked_criteria


@dataclass(frozen=True)
class Notice:
    """A published vacancy, shaped like the vacancies capability's VacancyNotice."""

    id: int = 1
    title: str = "Maatschappelijk werker (m/v/x)"
    organisation: str = "CAW Antwerpen"
    municipality: str = "Mechelen"
    province: str = "Antwerpen"
    programmes: tuple[str, ...] = ("sociaal werk",)
    levels: tuple[str, ...] = ("bachelor",)
    url: str = "http://krapte.test/vacatures/1"


BACHELOR_ANTWERP = Criteria("Antwerpen", "sociaal werk", "bachelor")


def _subscribe(container: Container, email: str = "kim@voorbeeld.be", **criteria: str) -> str:
    """Subscribe and return the path of the confirmation link."""
    alerts.subscribe(
        container.unit_of_work(write=True),
        email,
        Criteria(**criteria) if criteria else BACHELOR_ANTWERP,
        consent=True,
        base_url=BASE,
        client="10.1.1.1",
        settings=container.settings,
    )
    return links(outbox(container)[-1])[0]


def _confirmed(container: Container, email: str = "kim@voorbeeld.be", **criteria: str) -> None:
    path = _subscribe(container, email, **criteria)
    alerts.confirm(container.unit_of_work(write=True), path.rsplit("/", 1)[1])


def _publish(container: Container, notice: Notice | None = None) -> int:
    found = alerts.alert_vacancy(
        container.unit_of_work(write=True), notice or Notice(), container.settings
    )
    return found.recipients


def test_nothing_is_mailed_before_the_subscription_is_confirmed(container: Container) -> None:
    path = _subscribe(container)
    assert path.startswith("/jobmeldingen/bevestigen/")
    assert _publish(container) == 0
    alerts.confirm(container.unit_of_work(write=True), path.rsplit("/", 1)[1])
    assert _publish(container, Notice(id=2)) == 1


def test_every_alert_carries_a_one_click_unsubscribe_link_and_header(
    container: Container,
) -> None:
    _confirmed(container)
    _publish(container)
    mail = outbox(container)[-1]
    [unsubscribe] = {p for p in links(mail) if p.startswith("/jobmeldingen/uitschrijven/")}
    assert f"List-Unsubscribe: <{BASE}{unsubscribe}>" in mail
    assert "Maatschappelijk werker (m/v/x)" in mail
    token = unsubscribe.rsplit("/", 1)[1]
    assert alerts.unsubscribe(container.unit_of_work(write=True), token) == BACHELOR_ANTWERP
    assert _publish(container, Notice(id=3)) == 0
    with pytest.raises(NotFound):
        alerts.unsubscribe(container.unit_of_work(write=True), token)


def test_a_vacancy_reaches_only_the_subscribers_it_matches(container: Container) -> None:
    _confirmed(container, "a@voorbeeld.be")
    _confirmed(container, "b@voorbeeld.be", region="Limburg")
    _confirmed(container, "c@voorbeeld.be", level="master")
    _confirmed(container, "d@voorbeeld.be")  # any region, diploma and level
    assert _publish(container) == 2
    recipients = sorted(
        line for m in outbox(container)[-2:] for line in m.splitlines() if line.startswith("To:")
    )
    assert recipients == ["To: a@voorbeeld.be", "To: d@voorbeeld.be"]


def test_a_vacancy_is_mailed_once_per_subscriber(container: Container) -> None:
    _confirmed(container)
    assert _publish(container) == 1
    assert _publish(container) == 0


def test_subscribing_again_does_not_reveal_or_duplicate(container: Container) -> None:
    _confirmed(container)
    path = _subscribe(container)
    assert path.startswith("/jobmeldingen/uitschrijven/")  # the mail says: already subscribed
    assert _publish(container) == 1


def test_unknown_criteria_and_missing_consent_are_refused(container: Container) -> None:
    with pytest.raises(InvalidInput) as caught:
        checked_criteria("Gent", "verpleegkunde", "doctoraat")
    assert {p.field for p in caught.value.problems} == {"regio", "diploma", "niveau"}
    with pytest.raises(InvalidInput):
        alerts.subscribe(
            container.unit_of_work(write=True),
            "kim@voorbeeld.be",
            BACHELOR_ANTWERP,
            consent=False,
            base_url=BASE,
            client="x",
        )
    assert outbox(container) == []


def test_a_subscription_never_confirmed_is_deleted_after_three_days(container: Container) -> None:
    path = _subscribe(container)
    moment = datetime.now(UTC) - timedelta(days=4)
    with container.unit_of_work(write=True) as uow:
        uow.session.execute(text("UPDATE alert_subscription SET created_at = :at"), {"at": moment})
        uow.session.execute(text("UPDATE alert_token SET created_at = :at"), {"at": moment})
        uow.commit()
    with pytest.raises(NotFound):
        alerts.confirm(container.unit_of_work(write=True), path.rsplit("/", 1)[1])
    _subscribe(container, "ander@voorbeeld.be")
    with container.unit_of_work() as uow:
        left = uow.session.execute(text("SELECT email FROM alert_subscription")).scalars().all()
    assert left == ["ander@voorbeeld.be"]


def test_the_vacancy_hook_mails_after_the_publishing_commit_only(container: Container) -> None:
    _confirmed(container)
    before = len(outbox(container))
    with container.unit_of_work(write=True) as uow:
        alerts.on_vacancy_published(uow, Notice(id=9))
        assert len(outbox(container)) == before  # nothing leaves before the commit
        uow.rollback()
    assert len(outbox(container)) == before  # a rolled-back publication mails nobody
    with container.unit_of_work(write=True) as uow:
        alerts.on_vacancy_published(uow, Notice(id=9))
        uow.commit()
    assert len(outbox(container)) == before + 1

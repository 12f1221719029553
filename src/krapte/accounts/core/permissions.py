"""The one permission function: may this actor do this action to this resource?

Every route, API call and command that touches personal or round data asks
:func:`allowed` (or :func:`require`, which raises) - in the service layer, so no edge can forget
it. *Who* may act is decided here; *when* (the phase of a placement round) is decided by the
round's calendar (:mod:`krapte.placement.core.calendar`).

A rule gives the roles that may always do an action, and the roles that may do it only on a
resource they own: an organisation user on the offers of their organisations, a school
coordinator on the students of their schools, a student on their own record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from krapte.errors import Forbidden, Unauthenticated


class Role(StrEnum):
    ADMIN = "administrator"
    ROUND_ADMIN = "round_administrator"
    ANALYST = "analyst"
    SCHOOL = "school_coordinator"
    ORGANISATION = "organisation_user"
    STUDENT = "student"


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "beheerder",
    Role.ROUND_ADMIN: "rondebeheerder",
    Role.ANALYST: "analist",
    Role.SCHOOL: "stagecoördinator van een school",
    Role.ORGANISATION: "medewerker van een organisatie",
    Role.STUDENT: "student",
}


@dataclass(frozen=True)
class Actor:
    """Who asks: a signed-in user (or API token's user), the command line, or nobody.

    ``schools`` and ``organisations`` are the names the user acts for (as they appear on the
    round's students and offers); ``user_id`` links a student account to its student records.
    """

    user_id: int | None
    name: str = ""
    roles: frozenset[Role] = frozenset()
    schools: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    def has(self, role: Role) -> bool:
        return role in self.roles


ANONYMOUS = Actor(user_id=None)
SYSTEM = Actor(user_id=0, name="opdrachtregel", roles=frozenset({Role.ADMIN}))
"""The actor of a command typed on the server (it has the machine, so it has every right)."""


@dataclass(frozen=True)
class Resource:
    """What is acted on, with the owners the rules look at (empty: owned by nobody)."""

    kind: str
    organisation: str = ""
    school: str = ""
    student_user_id: int | None = None
    organisations: frozenset[str] = field(default_factory=frozenset)
    """Several owning organisations (e.g. a student placed at one of them)."""


ROUND = Resource("round")


@dataclass(frozen=True)
class Rule:
    always: frozenset[Role]
    owner: frozenset[Role] = frozenset()
    signed_in: bool = False
    """Any signed-in actor may do it."""


def _rule(always: set[Role], owner: set[Role] | None = None, *, signed_in: bool = False) -> Rule:
    return Rule(frozenset(always), frozenset(owner or ()), signed_in=signed_in)


_MANAGERS = {Role.ADMIN, Role.ROUND_ADMIN}

RULES: dict[str, Rule] = {
    # placement rounds and their calendar
    "round.read": _rule(set(), signed_in=True),
    "round.manage": _rule(_MANAGERS),
    "round.allocate": _rule(_MANAGERS),
    "round.publish": _rule(_MANAGERS),
    "round.statistics": _rule(_MANAGERS | {Role.ANALYST}),
    "round.followup": _rule(_MANAGERS),
    "round.lottery": _rule(set(), signed_in=True),
    "round.free_places": _rule(set(), signed_in=True),
    "indicators.publish": _rule(_MANAGERS),
    # offers: everyone in the round reads them, their organisation writes them
    "offer.read": _rule(set(), signed_in=True),
    "offer.write": _rule(_MANAGERS, {Role.ORGANISATION}),
    # students (personal data): their school, themselves, the round's managers
    "student.read": _rule(_MANAGERS, {Role.SCHOOL, Role.STUDENT}),
    "student.write": _rule(_MANAGERS, {Role.SCHOOL}),
    "student.remind": _rule(_MANAGERS, {Role.SCHOOL}),
    # a student's ranked list
    "ranking.read": _rule(_MANAGERS, {Role.SCHOOL, Role.STUDENT}),
    "ranking.write": _rule(set(), {Role.STUDENT}),
    "followup.ranking.write": _rule(set(), {Role.STUDENT}),
    # outcomes: the student, their school and, after publication, the organisation placed with
    "result.read": _rule(_MANAGERS, {Role.SCHOOL, Role.STUDENT, Role.ORGANISATION}),
    "placement.confirm": _rule(_MANAGERS, {Role.ORGANISATION}),
    "intern.read": _rule(_MANAGERS, {Role.ORGANISATION}),
    "evaluation.write": _rule(set(), {Role.STUDENT, Role.ORGANISATION}),
    # accounts and personal data
    "user.manage": _rule({Role.ADMIN}),
    "user.invite": _rule(_MANAGERS),
    "person.export": _rule({Role.ADMIN}),
    "person.delete": _rule({Role.ADMIN}),
    "round.anonymise": _rule({Role.ADMIN}),
    "demo.load": _rule({Role.ADMIN}),
    "token.manage": _rule(set(), signed_in=True),
    # the action plan: analysts and administrators, and the organisation that owns an action
    "actionplan.edit": _rule({Role.ADMIN, Role.ANALYST}, {Role.ORGANISATION}),
    # workforce monitor: an organisation's own records and indicators; the sector's aggregates
    "workforce.organisation.write": _rule({Role.ADMIN}),
    "workforce.records.write": _rule({Role.ADMIN}, {Role.ORGANISATION}),
    "workforce.records.read": _rule({Role.ADMIN}, {Role.ORGANISATION}),
    "workforce.indicators.read": _rule({Role.ADMIN}, {Role.ORGANISATION}),
    "workforce.sector.read": _rule({Role.ADMIN, Role.ANALYST}),
    "workforce.sector.publish": _rule({Role.ADMIN}),
    # workforce pulse survey: the organisation's own users (Resource("workforce", organisation=))
    "survey.manage": _rule({Role.ADMIN}, {Role.ORGANISATION}),
    "survey.results": _rule({Role.ADMIN}, {Role.ORGANISATION}),
    # the expert directory: administrators approve and remove; a signed-in expert sees their own
    "expert.manage": _rule({Role.ADMIN}),
    "expert.own": _rule(set(), signed_in=True),
    # job fairs: the sector federation (administrators, analysts) and an organiser's own users
    "fair.manage": _rule({Role.ADMIN, Role.ANALYST}, {Role.ORGANISATION}),
    # vacancies: their organisation publishes them; applications are for that organisation only
    "vacancy.write": _rule({Role.ADMIN}, {Role.ORGANISATION}),
    "vacancy.statistics": _rule({Role.ADMIN, Role.ANALYST}),
    "application.read": _rule(set(), {Role.ORGANISATION}),
    "application.answer": _rule(set(), {Role.ORGANISATION}),
}


def owns(actor: Actor, role: Role, resource: Resource) -> bool:
    """Whether ``actor``, in ``role``, owns ``resource``."""
    if role is Role.ORGANISATION:
        owners = resource.organisations | ({resource.organisation} - {""})
        return bool(owners & actor.organisations)
    if role is Role.SCHOOL:
        return bool(resource.school) and resource.school in actor.schools
    if role is Role.STUDENT:
        return resource.student_user_id is not None and resource.student_user_id == actor.user_id
    return False


def allowed(actor: Actor, action: str, resource: Resource = ROUND) -> bool:
    """Whether ``actor`` may do ``action`` to ``resource``; unknown actions are never allowed."""
    rule = RULES.get(action)
    if rule is None:
        return False
    if not actor.authenticated:
        return False
    if rule.signed_in or actor.roles & rule.always:
        return True
    return any(owns(actor, role, resource) for role in actor.roles & rule.owner)


def require(actor: Actor, action: str, resource: Resource = ROUND) -> None:
    """Raise :class:`Unauthenticated` (nobody signed in) or :class:`Forbidden` unless allowed."""
    if allowed(actor, action, resource):
        return
    if not actor.authenticated:
        raise Unauthenticated("meld je aan om verder te gaan")
    raise Forbidden("je hebt geen toegang tot deze gegevens of deze handeling")

"""The pulse questionnaire: one question for each workability dimension and risk of the report.

Source of the dimensions and risks: *Arbeidsmarktkrapte in Sociaal Werk* (Sterk Sociaal Werk,
2025), section 2.5 "Werkbaarheid in het sociaal werk", which reports the Flemish workability
monitor (Vlaamse Werkbaarheidsmonitor, Steunpunt Werk / SERV) for the care and welfare sector:
four central indicators ("werkstressklachten", "motivatieproblemen", "onvoldoende
leermogelijkheden", "werk-privébalans") and the risks "emotionele belasting", "hoge werkdruk" and
"gebrek aan autonomie". The bundled data hub holds those figures as dataset ``werkbaarheid``;
``measure`` names the figure each question is compared with.

The monitor measures each indicator with a validated scale of several questions; this pulse asks
one question per indicator. Its shares are an indication for the organisation, not a measurement
on the monitor's scale: the pages say so beside every comparison.

Every question is asked in the same direction (how often a problem occurs) on one four-point
scale; "vaak" and "altijd" count as experiencing the problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from krapte.errors import InvalidInput, Problem

SOURCE: Final = (
    "Arbeidsmarktkrapte in Sociaal Werk (Sterk Sociaal Werk, 2025), 2.5 Werkbaarheid in het "
    "sociaal werk; cijfers: Vlaamse Werkbaarheidsmonitor (Steunpunt Werk / SERV)"
)
DATASET: Final = "werkbaarheid"


@dataclass(frozen=True)
class Choice:
    value: int
    label: str


SCALE: Final = (
    Choice(0, "nooit"),
    Choice(1, "soms"),
    Choice(2, "vaak"),
    Choice(3, "altijd"),
)
PROBLEM_FROM: Final = 2
"""Answers from this value up ("vaak", "altijd") count as experiencing the problem."""


@dataclass(frozen=True)
class Question:
    key: str
    """Machine key (JSON, database column)."""
    kind: str
    """``dimension`` (one of the report's four indicators) or ``risk``."""
    label: str
    """The report's name of the indicator or risk (Dutch)."""
    text: str
    """The question as the respondent reads it (Dutch, the ``je`` form)."""
    measure: str
    """The ``werkbaarheid`` measure in the data hub it is compared with."""


QUESTIONS: Final = (
    Question(
        "work_stress",
        "dimension",
        "Werkstress",
        "Hoe vaak voel je je door je werk gespannen, opgejaagd of uitgeput?",
        "werkstress",
    ),
    Question(
        "motivation",
        "dimension",
        "Motivatieproblemen",
        "Hoe vaak heb je weinig zin in je werk, of vind je het niet meer boeiend?",
        "motivatieproblemen",
    ),
    Question(
        "learning",
        "dimension",
        "Onvoldoende leermogelijkheden",
        "Hoe vaak mis je kansen om in je werk bij te leren?",
        "onvoldoende_leermogelijkheden",
    ),
    Question(
        "work_life",
        "dimension",
        "Werk-privébalans",
        "Hoe vaak botst je werk met je gezin, je vrienden of je vrije tijd?",
        "werk_prive_problemen",
    ),
    Question(
        "emotional_load",
        "risk",
        "Emotionele belasting",
        "Hoe vaak is je werk emotioneel zwaar voor je?",
        "emotionele_belasting",
    ),
    Question(
        "workload",
        "risk",
        "Hoge werkdruk",
        "Hoe vaak moet je te veel werk doen in te weinig tijd?",
        "hoge_werkdruk",
    ),
    Question(
        "autonomy",
        "risk",
        "Gebrek aan autonomie",
        "Hoe vaak mis je inspraak in hoe en wanneer je je werk doet?",
        "gebrek_aan_autonomie",
    ),
)
KEYS: Final = tuple(question.key for question in QUESTIONS)


def parse_answers(form: Mapping[str, str]) -> dict[str, int]:
    """The answer to every question, from the form's texts (``"0"`` to ``"3"``).

    Every question must be answered; a missing or unknown answer is a problem on its field.
    """
    allowed = {str(choice.value): choice.value for choice in SCALE}
    answers: dict[str, int] = {}
    problems: list[Problem] = []
    for question in QUESTIONS:
        given = form.get(question.key, "").strip()
        if given in allowed:
            answers[question.key] = allowed[given]
        elif not given:
            problems.append(Problem("kies een antwoord op deze vraag", field=question.key))
        else:
            problems.append(Problem("kies nooit, soms, vaak of altijd", field=question.key))
    if problems:
        raise InvalidInput(problems, "beantwoord elke vraag; er is nog niets bewaard")
    return answers

"""Demo vacancies for `krapte demo load`: fictitious organisations, open vacancies in every
region, and answered applications (so that the sector's answer times show), then the figures
in the data hub. Loading again changes nothing (the demo references are kept).
"""

from __future__ import annotations

from datetime import timedelta

from krapte.accounts.core.permissions import SYSTEM
from krapte.bootstrap import Container
from krapte.vacancies import figures, repository, service
from krapte.vacancies.core.application import CONSENT_VERSION, ApplicationForm
from krapte.vacancies.core.vacancy import Draft

#: organisation | municipality | sector | occupation and option | level | hours | contract;
#: MW, SW and SC stand for the classification's occupations with their option (report 4.1.5).
DEMO_TABLE = """
Vzw De Brug (demo)|Gent|algemeen welzijnswerk|MW|bachelor|38|vast
Vzw De Brug (demo)|Aalst|algemeen welzijnswerk|SW|bachelor|30,4|bepaalde-duur
Jeugdhulp Kempen (demo)|Turnhout|jeugdhulp|SW maatschappelijk werk|graduaat|38|vast
Jeugdhulp Kempen (demo)|Antwerpen|jeugdhulp|MW|bachelor|19|vervanging
OCMW Hasselt (demo)|Hasselt|lokaal sociaal beleid|MW|bachelor|38|vast
OCMW Hasselt (demo)|Genk|lokaal sociaal beleid|SW|master|38|vast
Buurtwerk Leuven (demo)|Leuven|sociaal-cultureel werk|SC|bachelor|30,4|bepaalde-duur
Buurtwerk Leuven (demo)|Brugge|sociaal-cultureel werk|SC|graduaat|22,8|vast
AZ Zee sociale dienst (demo)|Oostende|ziekenhuis|MW|bachelor|38|vast
AZ Zee sociale dienst (demo)|Anderlecht|ziekenhuis|SW maatschappelijk werk|bachelor|38|vast
"""
OCCUPATIONS = {
    "MW": "maatschappelijk werker|maatschappelijk werk",
    "SW": "sociaal werker|",
    "SW maatschappelijk werk": "sociaal werker|maatschappelijk werk",
    "SC": "sociocultureel werker|sociaal-cultureel werk",
}
DEMO: tuple[list[str], ...] = tuple(
    "|".join(OCCUPATIONS.get(cell, cell) for cell in line.split("|")).split("|")
    for line in DEMO_TABLE.strip().splitlines()
)
DESCRIPTION = (
    "Je begeleidt mensen die het moeilijk hebben, samen met collega's uit verschillende "
    "disciplines. Je krijgt een vaste mentor en tijd om je in te werken.\n\n"
    "Wij bieden een contract volgens de barema's van de sector, opleiding en flexibele uren."
)
ANSWER = "Dank je voor je sollicitatie! Kom je kennismaken?"
APPLICANTS = ("An Peeters", "Mehdi El Amrani", "Lotte Janssens", "Joris Maes")


def load(container: Container) -> list[str]:
    """Publish the demo vacancies (once) and a few answered applications; lines for the report."""
    if not service.choices(container.unit_of_work()).classification:
        return [
            "Vacatures: geen demovacatures, want de databank kent de classificatie (rapport "
            "4.1.5) nog niet; laad eerst de gebundelde gegevens."
        ]
    today = service.today()
    made = 0
    for number, (
        organisation,
        place,
        sector,
        occupation,
        option,
        level,
        hours,
        contract,
    ) in enumerate(DEMO, start=1):
        reference = f"demo-{number}"
        with container.unit_of_work() as uow:
            if repository.existing_references(uow.session, organisation, [reference]):
                continue
        title = f"{occupation.capitalize()} (m/v/x)"
        draft = Draft.of(
            {
                "title": title,
                "occupation": occupation,
                "specialisation": option,
                "level": level,
                "accepted_diplomas": "maatschappelijk assistent" if level == "bachelor" else "",
                "competence_route": "Ervaring als zij-instromer telt: vertel ons wat je al deed.",
                "municipality": place,
                "sector": sector,
                "hours": hours,
                "contract": contract,
                "joint_committee": "PC 319.01",
                "description": DESCRIPTION,
                "closes_on": (today + timedelta(days=20 + 3 * number)).isoformat(),
            }
        )
        vacancy = service.publish(
            container.unit_of_work(write=True),
            SYSTEM,
            organisation,
            draft,
            reference=reference,
            posted_on=today - timedelta(days=number),
        )
        made += 1
        with container.unit_of_work(write=True) as uow:
            for index, name in enumerate(APPLICANTS[: 1 + number % 3]):
                # stored directly: no confirmation mail to a demo address
                email = f"{name.lower().replace(' ', '.')}@demo.invalid"
                form = ApplicationForm(name=name, email=email, message="Graag!", consent=True)
                applied = repository.add_application(
                    uow.session,
                    vacancy,
                    form,
                    at=service.now() - timedelta(days=index + 2),
                    consent_version=CONSENT_VERSION,
                    source_fair_id=None,
                )
                if index % 2 == 0:
                    repository.answer(uow.session, applied.id, ANSWER, service.now())
            uow.commit()
    stored = figures.publish_statistics(container.unit_of_work(write=True), SYSTEM)
    return [
        f"Vacatures: {made} demovacatures gepubliceerd ({len(DEMO)} in de demo); "
        f"dataset vacatures versie {stored.version}."
    ]

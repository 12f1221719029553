"""The model's fixed structure: parameter names, entry routes and their age profiles, and the
legal pension age by year. Values with ranges and provenance live in the scenario files."""

from __future__ import annotations

from krapte.forecast.core.parameters import Scenario

PROVINCE_KEYS = ("antwerpen", "limburg", "oost_vlaanderen", "vlaams_brabant", "west_vlaanderen")
#: Age shares of the base-year stock; the 60+ share is split over 60-64 and 65+ by pension age.
AGE_KEYS = ("jonger_25", "25_34", "35_44", "45_54", "55_59", "60_plus")
#: Age profile of the entrants of each programme over <25, 25-34, 35-44, 45-54, 55-59, 60-64, 65+.
ROUTES: dict[str, tuple[float, ...]] = {
    "graduaat": (0.6, 0.3, 0.1, 0.0, 0.0, 0.0, 0.0),
    "bachelor": (0.75, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0),
    "master": (0.2, 0.8, 0.0, 0.0, 0.0, 0.0, 0.0),
}
SIDE_ENTRANT_PROFILE = (0.0, 0.35, 0.4, 0.25, 0.0, 0.0, 0.0)
OTHER_PROFILE = (0.3, 0.4, 0.2, 0.1, 0.0, 0.0, 0.0)
#: Parameters that may change over time in a policy (start year and ramp-up apply to them).
RAMPED: frozenset[str] = frozenset(
    {
        "uitstroomgraad_sector",
        "reintegratiegraad",
        "complexiteitstrend",
        "budgetterm",
        "stage_extra_geplaatst",
        "extra_zij_instromers",
        *(f"instroomaandeel_{level}" for level in ROUTES),
        *(f"extra_studiestarters_{level}" for level in ROUTES),
    }
)

REQUIRED_PARAMETERS: frozenset[str] = frozenset(
    {
        "werkenden_basisjaar",
        "vacatures_vdab",
        "vdab_aandeel_vacatures",
        "werkzoekenden",
        "vte_per_werkende",
        "vte_trend",
        "uitbreidingsvraag_eerste_5_jaar",
        "gebruik_0_17",
        "gebruik_67_plus",
        "complexiteitstrend",
        "budgetterm",
        "groei_studiestarters",
        "zij_instromers",
        "extra_zij_instromers",
        "studieduur_zij_instromers",
        "slaagkans_zij_instromers",
        "instroomaandeel_zij_instromers",
        "brussel_naar_vlaanderen",
        "overige_instroom",
        "kalibratie_groei_2014_2023",
        "uitstroomgraad_sector",
        "uitstroom_factor_jonger_35",
        "uitstroom_factor_55_plus",
        "uitstroom_factor_nieuwkomers",
        "vervroegd_pensioen_60_64",
        "pensioenleeftijd_tot_2024",
        "pensioenleeftijd_2025_2029",
        "pensioenleeftijd_vanaf_2030",
        "ziekte_instroomgraad",
        "langdurig_ziek_basisjaar",
        "reintegratiegraad",
        "definitieve_uitval_ziek",
        "zorgmedewerkers_per_sociaal_werker",
        "aandeel_outreachend",
        "stage_extra_geplaatst",
        "stage_naar_job",
        *(f"leeftijd_{key}" for key in AGE_KEYS),
        *(f"werk_{key}" for key in PROVINCE_KEYS),
        *(f"studiestarters_{level}" for level in ROUTES),
        *(f"extra_studiestarters_{level}" for level in ROUTES),
        *(f"studieduur_{level}" for level in ROUTES),
        *(f"slaagkans_{level}" for level in ROUTES),
        *(f"instroomaandeel_{level}" for level in ROUTES),
    }
)


def pension_age(scenario: Scenario, year: int) -> int:
    """The legal pension age in ``year`` (65 until 2024, 66 from 2025, 67 from 2030)."""
    if year <= 2024:
        return round(scenario.value("pensioenleeftijd_tot_2024"))
    if year <= 2029:
        return round(scenario.value("pensioenleeftijd_2025_2029"))
    return round(scenario.value("pensioenleeftijd_vanaf_2030"))

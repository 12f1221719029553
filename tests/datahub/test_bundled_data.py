"""The bundled data package holds the report's figures exactly as printed, in the tidy format."""

from __future__ import annotations

import ast
import csv
import json
import shutil
import tomllib
from collections import defaultdict
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
from frictionless import validate

from krapte.datahub.core.records import LEVELS, TIDY_COLUMNS, UNITS, Observation

DATA: Traversable = files("krapte") / "data"
REFERENCES = ("institutions", "programmes", "classification")
DATASETS = (
    "inschrijvingen",
    "studiestarters",
    "verwante_opleidingen",
    "zorgopleidingen",
    "tewerkstelling",
    "aanwervingsbehoefte",
    "werkzoekenden_vacatures",
    "veldbevraging",
    "werkbaarheid",
    "ziekteverzuim",
    "uitstroomredenen",
    "arbeidsmarkt_context",
    "hoger_onderwijs",
    "externe_bronnen",
)


def _rows(name: str) -> list[dict[str, str]]:
    text = (DATA / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _header(name: str) -> tuple[str, ...]:
    first_line = (DATA / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
    return tuple(next(csv.reader([first_line])))


def _observation(row: dict[str, str]) -> Observation:
    fields: dict[str, str | float] = dict(row)
    fields["value"] = float(row["value"])
    return Observation(**fields)  # type: ignore[arg-type]


def _value(dataset: str, measure: str, period: str, table: str = "", **dims: str) -> float:
    """The single value with these coordinates (dims not given are empty, geography Flanders)."""
    wanted = {"geography": "Vlaanderen", "institution": "", "programme": "", "level": ""}
    wanted |= {"category": ""} | dims
    found = {
        float(row["value"])
        for row in _rows(dataset)
        if row["measure"] == measure
        and row["period"] == period
        and (not table or row["table"] == table)
        and all(row[key] == expected for key, expected in wanted.items())
    }
    assert len(found) == 1, f"{dataset}/{measure}/{period}/{dims}: {sorted(found)}"
    return found.pop()


def test_datapackage_validates_with_frictionless() -> None:
    report = validate(str(Path(str(DATA)) / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_datapackage_rejects_a_unit_outside_the_list(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(Path(str(DATA)), copy)
    target = copy / "veldbevraging.csv"
    target.write_text(target.read_text(encoding="utf-8").replace(",score,", ",punten,"), "utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "constraint-error" in {error[1] for error in report.flatten(["fieldName", "type"])}


def test_datapackage_lists_every_csv_once_with_a_described_schema() -> None:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "krapte-rapport-2025"
    assert descriptor["profile"] == "tabular-data-package"
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    csv_files = {item.name[:-4] for item in DATA.iterdir() if item.name.endswith(".csv")}
    assert set(resources) == csv_files == set(DATASETS) | set(REFERENCES)
    for name, resource in resources.items():
        assert resource["path"] == f"{name}.csv"
        assert resource["title"]
        assert resource["description"]
        assert resource["schema"]["fields"]


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_dataset_has_the_tidy_header(dataset: str) -> None:
    assert _header(dataset) == TIDY_COLUMNS


@pytest.mark.parametrize("dataset", DATASETS)
def test_rows_name_their_dataset_and_use_known_units_and_levels(dataset: str) -> None:
    rows = _rows(dataset)
    assert rows
    for row in rows:
        assert row["dataset"] == dataset
        assert row["unit"] in UNITS
        assert row["level"] in LEVELS
        assert row["section"]
        assert row["table"]


@pytest.mark.parametrize("dataset", DATASETS)
def test_no_two_observations_share_a_key(dataset: str) -> None:
    keys = [_observation(row).key for row in _rows(dataset)]
    duplicates = {key for key in keys if keys.count(key) > 1}
    assert not duplicates


def test_reference_lists_have_their_columns() -> None:
    assert _header("institutions") == ("name", "kind", "campus_city", "province", "note")
    assert _header("programmes") == ("name", "level", "family", "note")
    assert _header("classification") == (
        "occupation",
        "specialisation",
        "level",
        "programme",
        "source",
    )


def test_every_institution_and_programme_in_the_data_is_in_the_reference_lists() -> None:
    institutions = {row["name"] for row in _rows("institutions")}
    programmes = {(row["name"], row["level"]) for row in _rows("programmes")}
    for dataset in DATASETS:
        for row in _rows(dataset):
            if row["institution"]:
                assert row["institution"] in institutions, (dataset, row["institution"])
            if row["programme"]:
                assert (row["programme"], row["level"]) in programmes, (dataset, row["programme"])


def test_classification_maps_onto_known_programmes() -> None:
    programmes = {(row["name"], row["level"]) for row in _rows("programmes")}
    rows = _rows("classification")
    assert {row["specialisation"] for row in rows} >= {
        "maatschappelijk werk",
        "sociaal-cultureel werk",
        "maatschappelijke advisering",
        "kunst- en cultuurbemiddeling",
    }
    assert {row["level"] for row in rows} == {"graduaat", "bachelor", "master"}
    for row in rows:
        assert (row["programme"], row["level"]) in programmes


def test_brussels_campuses_lie_in_brussel_and_the_rest_in_a_flemish_province() -> None:
    provinces = {row["name"]: row["province"] for row in _rows("institutions")}
    assert provinces["Odisee Brussel"] == provinces["Erasmushogeschool Brussel"] == "Brussel"
    assert provinces["Hogeschool PXL Hasselt"] == "Limburg"


SW_IN_SECTOR = "sociaal en maatschappelijk werkers - sector maatschappelijke dienstverlening"

# Report line numbers refer to the plain-text export of the report (seed 000_a936d57cfe7e88a9).
SAMPLE: list[tuple[tuple[str, str, str], dict[str, str], float]] = [
    # line 614: graduaat maatschappelijk werk 1.661 (2020)
    (
        ("inschrijvingen", "inschrijvingen", "2020"),
        {"level": "graduaat", "programme": "maatschappelijk werk"},
        1661,
    ),
    # line 618: graduaat totaal 2.742 (2024)
    (("inschrijvingen", "inschrijvingen", "2024"), {"level": "graduaat"}, 2742),
    # line 648: Howest Brugge has no 2020 value; 83 belongs to 2021
    (
        ("inschrijvingen", "inschrijvingen", "2021"),
        {"level": "graduaat", "programme": "maatschappelijk werk", "institution": "Howest Brugge"},
        83,
    ),
    # line 660: Erasmushogeschool Brussel sociaal-cultureel werk 56 belongs to 2023
    (
        ("inschrijvingen", "inschrijvingen", "2023"),
        {
            "level": "graduaat",
            "programme": "sociaal-cultureel werk",
            "institution": "Erasmushogeschool Brussel",
        },
        56,
    ),
    # line 674: HOGENT bachelor 974 (2021)
    (
        ("inschrijvingen", "inschrijvingen", "2021"),
        {"level": "bachelor", "programme": "sociaal werk", "institution": "HOGENT"},
        974,
    ),
    # line 682: bachelor Eindtotaal 5.066 (2024)
    (
        ("inschrijvingen", "inschrijvingen", "2024"),
        {"level": "bachelor", "programme": "sociaal werk"},
        5066,
    ),
    # line 686: Universiteit Gent master 109 (2022)
    (
        ("inschrijvingen", "inschrijvingen", "2022"),
        {
            "level": "master",
            "programme": "sociaal werk (en sociaal beleid)",
            "institution": "Universiteit Gent",
        },
        109,
    ),
    # line 725: Artesis Plantijn starters graduaat: first value 209 belongs to 2021
    (
        ("studiestarters", "studiestarters", "2021"),
        {
            "level": "graduaat",
            "programme": "maatschappelijk werk",
            "institution": "Artesis Plantijn Hogeschool Antwerpen",
        },
        209,
    ),
    # line 729: Karel de Grote starters graduaat: first value 97 belongs to 2022
    (
        ("studiestarters", "studiestarters", "2022"),
        {
            "level": "graduaat",
            "programme": "maatschappelijk werk",
            "institution": "Karel de Grote Hogeschool Antwerpen",
        },
        97,
    ),
    # line 739: Erasmushogeschool Brussel starters 40 belongs to 2024
    (
        ("studiestarters", "studiestarters", "2024"),
        {
            "level": "graduaat",
            "programme": "sociaal-cultureel werk",
            "institution": "Erasmushogeschool Brussel",
        },
        40,
    ),
    # line 744: graduaat starters Eindtotaal 1.248 (2024)
    (("studiestarters", "studiestarters", "2024"), {"level": "graduaat"}, 1248),
    # line 751: HOGENT bachelor starters 391 (2021)
    (
        ("studiestarters", "studiestarters", "2021"),
        {"level": "bachelor", "programme": "sociaal werk", "institution": "HOGENT"},
        391,
    ),
    # line 988: 4.1.3 prints maatschappelijk werk starters 2023 as 983 (893 in 4.1.1)
    (
        ("verwante_opleidingen", "studiestarters", "2023"),
        {"level": "graduaat", "programme": "maatschappelijk werk"},
        983,
    ),
    # line 1001: orthopedagogische begeleiding 2.574 (2021)
    (
        ("verwante_opleidingen", "inschrijvingen", "2021"),
        {"level": "graduaat", "programme": "orthopedagogische begeleiding"},
        2574,
    ),
    # line 1009: human resources management starters 379 belongs to 2023
    (
        ("verwante_opleidingen", "studiestarters", "2023"),
        {"level": "bachelor", "programme": "human resources management"},
        379,
    ),
    # line 1027: SAW bachelor Eindtotaal 13.573 (2024), as printed
    (("verwante_opleidingen", "inschrijvingen", "2024"), {"level": "bachelor"}, 13573),
    # line 1041: verpleegkunde 8.065 (2020)
    (
        ("zorgopleidingen", "inschrijvingen", "2020"),
        {"level": "bachelor", "programme": "verpleegkunde"},
        8065,
    ),
    # line 160: 51,8% in the sector Maatschappelijke dienstverlening
    (
        ("tewerkstelling", "tewerkstelling_groei", "2014-2023"),
        {"category": SW_IN_SECTOR},
        51.8,
    ),
    # line 165: 42% total growth 2014-2023
    (
        ("tewerkstelling", "tewerkstelling_groei", "2014-2023"),
        {"category": "sociaal en maatschappelijk werkers - totaal"},
        42,
    ),
    # line 206: 60,7% of the hiring need is replacement of 55-plus
    (
        ("aanwervingsbehoefte", "aandeel_vervangingsvraag_55plus", "2025"),
        {"category": "sociaal en maatschappelijk werkers"},
        60.7,
    ),
    # line 236: 1542 job seekers in April 2025
    (
        ("werkzoekenden_vacatures", "werkzoekenden", "2025-04"),
        {"category": "maatschappelijk werker"},
        1542,
    ),
    # line 258: 59 respondents
    (("veldbevraging", "respondenten", "2024"), {}, 59),
    # line 261: average 7/10
    (("veldbevraging", "krapte_score", "2024"), {}, 7),
    # line 278: 50,5% workable jobs in 2023
    (("werkbaarheid", "werkbare_jobs", "2023"), {"category": "sector"}, 50.5),
    # line 280: 56,1% in 2004
    (("werkbaarheid", "werkbare_jobs", "2004"), {"category": "sector"}, 56.1),
    # line 308: subsector 68,9% in 2013
    (("werkbaarheid", "werkbare_jobs", "2013"), {"category": "subsector"}, 68.9),
    # line 1712: 10,87% of working hours lost in health care and social work
    (
        ("ziekteverzuim", "langdurig_ziekteverzuim_werkuren", "2023"),
        {"category": "gezondheidszorg en maatschappelijk werk"},
        10.87,
    ),
    # line 1705: more than 250.000 long-term sick
    (("ziekteverzuim", "langdurig_zieken", "2024"), {}, 250000),
    # line 75: 251 shortage occupations in 2025
    (("arbeidsmarkt_context", "knelpuntberoepen", "2025"), {}, 251),
    # line 89: replacement demand 13,1% by 2033
    (("arbeidsmarkt_context", "vervangingsvraag_2033", "2033"), {}, 13.1),
    # line 93: 80 enter for every 100 that leave
    (("arbeidsmarkt_context", "instroom_arbeidsmarkt", "2025"), {}, 80),
    # line 105: employment-rate target 80%
    (("arbeidsmarkt_context", "werkzaamheidsgraad_doelstelling", "2025"), {}, 80),
    # line 779: 300 side-entrants via VDAB
    (
        ("arbeidsmarkt_context", "zij_instromers_per_jaar", "2024"),
        {"programme": "sociaal werk", "level": "bachelor"},
        300,
    ),
    # line 608: +7756 students in all graduate programmes 2020-2024
    (
        ("hoger_onderwijs", "inschrijvingen_toename", "2020-2024"),
        {"level": "graduaat", "category": "alle opleidingen hoger onderwijs"},
        7756,
    ),
    # not the report: VDAB open vacancies via Sociaal.Net (2022), used by the forecast
    (
        ("externe_bronnen", "openstaande_vacatures", "2022-03"),
        {"category": "maatschappelijk werkers"},
        516,
    ),
    # line 1658: 'autonomie' is a reason to stay (qualitative row)
    (("uitstroomredenen", "reden_om_te_blijven", "2024"), {"category": "autonomie"}, 1),
]


@pytest.mark.parametrize(("coordinates", "dims", "expected"), SAMPLE)
def test_value_equals_the_report(
    coordinates: tuple[str, str, str], dims: dict[str, str], expected: float
) -> None:
    assert _value(*coordinates, **dims) == expected


def test_sample_covers_every_dataset() -> None:
    assert {coordinates[0] for coordinates, _, _ in SAMPLE} == set(DATASETS)


def _sums(dataset: str, table: str) -> dict[tuple[str, str], float]:
    """Per (period, programme) the sum of the institution rows of a printed table."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for row in _rows(dataset):
        if row["table"] == table and row["institution"]:
            sums[(row["period"], row["programme"])] += float(row["value"])
    return sums


@pytest.mark.parametrize(
    ("dataset", "table"),
    [
        ("inschrijvingen", "4.1.1-inschrijvingen-graduaat-per-instelling"),
        ("inschrijvingen", "4.1.1-inschrijvingen-bachelor-per-instelling"),
        ("inschrijvingen", "4.1.1-inschrijvingen-master-per-instelling"),
        ("studiestarters", "4.1.1-studiestarters-graduaat-per-instelling"),
        ("studiestarters", "4.1.1-studiestarters-bachelor-per-instelling"),
    ],
)
def test_institution_rows_add_up_to_the_printed_programme_totals(dataset: str, table: str) -> None:
    subtotals = {
        (row["period"], row["programme"]): float(row["value"])
        for row in _rows(dataset)
        if row["table"] == table and not row["institution"] and row["programme"]
    }
    assert subtotals
    assert _sums(dataset, table) == subtotals


def test_starters_tables_have_no_2020_values() -> None:
    for dataset in ("studiestarters", "verwante_opleidingen"):
        periods = {row["period"] for row in _rows(dataset) if row["measure"] == "studiestarters"}
        assert periods == {"2021", "2022", "2023", "2024"}


def test_bachelor_saw_total_is_kept_as_printed_without_sociaal_werk() -> None:
    rows = [
        row
        for row in _rows("verwante_opleidingen")
        if row["table"] == "4.1.3-inschrijvingen-bachelor-saw" and row["period"] == "2020"
    ]
    programmes = sum(float(row["value"]) for row in rows if row["programme"])
    printed = next(float(row["value"]) for row in rows if not row["programme"])
    sociaal_werk = next(float(row["value"]) for row in rows if row["programme"] == "sociaal werk")
    assert printed == 13092
    assert programmes - sociaal_werk == printed


def test_claims_file_has_at_least_twenty_unique_claims_on_known_datasets() -> None:
    claims = tomllib.loads((DATA / "claims.toml").read_text(encoding="utf-8"))["claim"]
    assert len(claims) >= 20
    assert len({claim["id"] for claim in claims}) == len(claims)
    for claim in claims:
        assert all(claim[field] for field in ("statement", "section")), claim["id"]
        # Tested against the data, or told why not; never both.
        assert bool(claim.get("check")) != bool(claim.get("untestable")), claim["id"]
        checks = [claim.get("check", ""), claim.get("elsewhere", {}).get("check", "")]
        for check in filter(None, checks):
            calls = [
                node
                for node in ast.walk(ast.parse(check, mode="eval"))
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"value", "total"}
            ]
            assert calls, claim["id"]
            for call in calls:
                dataset = call.args[0]
                assert isinstance(dataset, ast.Constant)
                assert dataset.value in DATASETS, (claim["id"], dataset.value)


def test_series_declarations_name_bundled_datasets() -> None:
    declared = tomllib.loads((DATA / "series.toml").read_text(encoding="utf-8"))
    entries = [*declared["break"], *declared["survey"]]
    assert entries
    assert {entry["dataset"] for entry in entries} <= set(DATASETS)

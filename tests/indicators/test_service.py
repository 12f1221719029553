"""The indicator service reads the latest release from the store (rolled back per test)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from builders import obs, store_release
from krapte.datahub import repository
from krapte.datahub import tables as t
from krapte.indicators.core.series import Grouping
from krapte.indicators.service import IndicatorRequestError, indicator_table


def test_province_table_uses_the_institution_reference(session: Session) -> None:
    session.add(
        t.Institution(name="PXL", kind="hogeschool", campus_city="Hasselt", province="Limburg")
    )
    store_release(
        session,
        [
            obs(institution="PXL", period="2020", value=502),
            obs(institution="PXL", period="2024", value=314),
        ],
    )
    table = indicator_table(session, "inschrijvingen", grouping=Grouping.PROVINCE)
    (row,) = table.rows
    assert row.label[-1] == "Limburg"
    assert row.growth_absolute == -188
    assert table.years == [2020, 2024]


def test_a_dataset_with_several_measures_needs_a_choice(session: Session) -> None:
    store_release(session, [obs(), obs(measure="studiestarters")])
    with pytest.raises(IndicatorRequestError, match="--measure"):
        indicator_table(session, "inschrijvingen")
    assert indicator_table(session, "inschrijvingen", measure="studiestarters").rows


def test_store_is_empty_again_in_the_next_test(session: Session) -> None:
    assert repository.list_datasets(session) == []

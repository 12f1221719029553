"""Import every module that defines tables, so that Base.metadata knows them all."""

import krapte.db.tables_placement  # noqa: F401
from krapte.db import tables  # noqa: F401

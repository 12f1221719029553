"""Import every module that defines tables, so that Base.metadata knows them all."""

from krapte.db import tables  # noqa: F401

"""Storage edge: SQLAlchemy engine, ORM tables and Alembic migrations."""

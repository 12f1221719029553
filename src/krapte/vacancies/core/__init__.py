"""The pure part of vacancies: the record, its checks, the writing aid, JSON-LD and statistics."""

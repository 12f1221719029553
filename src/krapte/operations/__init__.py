"""Operations: backups of the store, restoring them, and upgrading its structure safely."""

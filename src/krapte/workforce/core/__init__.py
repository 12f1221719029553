"""Pure parts of the workforce monitor: vocabularies, the staff file, disclosure control."""

"""The workforce monitor: an organisation's view of its own staff, and the sector's."""

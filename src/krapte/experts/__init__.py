"""Experts and job alerts: a directory of social workers the media can call (rec 20), and job
alerts by region, diploma and level with double opt-in (report 4.2.2.2)."""

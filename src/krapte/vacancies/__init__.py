"""Vacancies: published by organisations, classified by diploma, searched, applied for, counted."""

"""The pure part of job fairs: records, input checks, the waiting list and the iCalendar file."""

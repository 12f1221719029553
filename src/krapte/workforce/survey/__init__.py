"""The workability pulse survey: anonymous one-time links, a short questionnaire on the report's
four workability dimensions and three risks, and results (from ten responses) beside the sector's
figures in the data hub."""

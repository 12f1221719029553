"""Pure parts of the pulse survey: the questionnaire and the rules for showing results."""

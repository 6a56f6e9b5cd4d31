"""The letter panel: the letter's text, its evidence highlights and the field marks."""

"""The form: one typed editor per field of the letter and of each disputed item."""

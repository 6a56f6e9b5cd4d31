"""Written by tools/fit_confidence.py from the real-letter gold; do not edit by hand.

field -> raw score -> (right, total) over 90 gold letters.
"""

COUNTS: dict[str, dict[str, tuple[int, int]]] = {
    'case_number': {'0.980': (90, 90)},
    'date_of_injury': {'0.980': (90, 90)},
    'diagnoses': {'0.500': (45, 45), '0.600': (0, 1), '0.800': (44, 44)},
    'items.determination': {'0.920': (5, 5), '0.950': (24, 24), '0.990': (145, 145)},
    'items.quantity': {'0.450': (0, 2), '0.600': (12, 12), '0.700': (2, 2), '0.850': (21, 21), '0.900': (99, 99), '0.920': (38, 38)},
    'items.rationale': {'0.950': (174, 174)},
    'items.request': {'0.900': (5, 5), '0.930': (24, 24), '0.970': (145, 145)},
    'items.treatment': {'0.450': (0, 2), '0.700': (10, 10), '0.900': (162, 162)},
    'patient_age': {'0.950': (90, 90)},
    'patient_sex': {'0.950': (90, 90)},
    'reviewer_licensure': {'0.970': (90, 90)},
    'reviewer_specialties': {'0.970': (90, 90)},
    'ur_date': {'0.980': (90, 90)},
}  # fmt: skip

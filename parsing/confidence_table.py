"""Written by tools/fit_confidence.py from the real-letter gold; do not edit by hand.

field -> raw score -> (right, total) over 110 gold letters.
"""

COUNTS: dict[str, dict[str, tuple[int, int]]] = {
    'case_number': {'0.980': (110, 110)},
    'date_of_injury': {'0.980': (110, 110)},
    'diagnoses': {'0.300': (3, 3), '0.700': (1, 1), '0.750': (52, 52), '0.800': (54, 54)},
    'items.determination': {'0.920': (8, 8), '0.950': (27, 27), '0.990': (178, 178)},
    'items.quantity': {'0.450': (0, 2), '0.600': (12, 12), '0.700': (2, 2), '0.850': (23, 23), '0.900': (122, 122), '0.920': (52, 52)},
    'items.rationale': {'0.950': (213, 213)},
    'items.request': {'0.900': (8, 8), '0.930': (27, 27), '0.970': (178, 178)},
    'items.treatment': {'0.450': (0, 2), '0.700': (10, 10), '0.900': (201, 201)},
    'patient_age': {'0.950': (110, 110)},
    'patient_sex': {'0.950': (110, 110)},
    'reviewer_licensure': {'0.970': (110, 110)},
    'reviewer_specialties': {'0.970': (110, 110)},
    'ur_date': {'0.980': (110, 110)},
}  # fmt: skip

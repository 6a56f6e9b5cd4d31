"""The window shell and the parts that wire the panels to the review session."""

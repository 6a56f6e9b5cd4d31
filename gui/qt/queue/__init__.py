"""The queue panel: the letters to review, filtered and sorted (its Qt model is `queue_model`)."""

"""refdata."""

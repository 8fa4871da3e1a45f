"""Re-evaluation: when the data in force changes, every trip not yet over gets its checklist again."""

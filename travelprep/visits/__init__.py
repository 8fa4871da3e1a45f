"""Visitors: the host's checklist for a researcher coming from abroad (issue 17)."""

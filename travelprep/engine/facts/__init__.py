"""engine.facts."""

"""engine.rules."""

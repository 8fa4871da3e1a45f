"""Test infrastructure shared by the database, web and browser suites (and the benches)."""

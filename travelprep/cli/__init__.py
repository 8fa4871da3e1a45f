"""The `travelprep` command line: thin adapters around the core."""

"""`python -m travelprep` runs the command line."""

from travelprep.cli.main import run

run()

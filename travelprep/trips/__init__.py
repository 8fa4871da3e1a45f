"""trips."""

"""screening.lists."""

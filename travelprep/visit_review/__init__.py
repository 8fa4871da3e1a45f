"""Research Compliance's decisions on a visitor's screening hits, beside the trips' review (review/)."""

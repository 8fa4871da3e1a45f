"""TravelPrep: an itinerary in, an explained and dated pre-trip checklist out."""

__version__ = "0.1.0"

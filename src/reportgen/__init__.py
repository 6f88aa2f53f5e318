"""reportgen: publish an independent evaluation report as a bilingual static site."""

__version__ = "0.1.0"

"""Claims: who said what (attribution), and later the claims built on it."""

from .attribution import Attribution, Span, extract_attributions, find_quotes

__all__ = ["Attribution", "Span", "extract_attributions", "find_quotes"]

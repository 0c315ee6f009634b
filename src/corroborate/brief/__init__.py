"""The brief stage: a short, cited, extractive brief per story (``compose``)."""

from .compose import compose, words_in

__all__ = ["compose", "words_in"]

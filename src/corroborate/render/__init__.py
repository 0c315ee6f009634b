"""Renderers: the report document (``serialize.report``) to text formats."""

"""Renderers: one module per output format, each ``render_<fmt>(form, target, **options)``."""

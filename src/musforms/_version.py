"""The version of musforms, in one place that every module may import."""

__version__ = "0.1.0"

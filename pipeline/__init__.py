"""press-events: French press articles in, reviewed and normalized event tables out."""

__version__ = "0.1.0"

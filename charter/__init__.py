"""charter: writes an organisation's social-media usage charter as a Word document."""

__version__ = "0.1.0"

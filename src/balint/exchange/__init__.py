"""Import and export formats: one folder per format, listed in formats.py."""

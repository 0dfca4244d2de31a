"""Scored scales: published scoring definitions, a program's scored instruments and its score sets."""

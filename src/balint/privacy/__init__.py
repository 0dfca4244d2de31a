"""Identifier scanning, answer thresholds, personal-data inventory and retention."""

"""Helpers for adversarial tests that other apps can reuse (hostile uploads, generic form walking)."""

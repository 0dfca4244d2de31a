"""One Router per domain, mounted on the single NinjaAPI in balint.api.v1."""

"""Balint's benchmarks: `make bench` (python -m bench) runs each at a small size."""

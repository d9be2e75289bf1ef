"""Intervisie methods as data."""

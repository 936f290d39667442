"""Certification kits: history and claims (guide §8)."""

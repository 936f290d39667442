"""Continuing-education credits and progress toward recertification (guide §5)."""

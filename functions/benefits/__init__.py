"""Anniversary benefits: the one-time token and the jacket claim (guide §8, 25YA)."""

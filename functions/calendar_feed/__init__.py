"""Expiration dates as an iCalendar feed, signed in or through a revocable secret address."""

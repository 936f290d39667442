"""Certification facts (events) and what the rules engine concludes from them."""

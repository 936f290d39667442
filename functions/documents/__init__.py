"""Renders certificates of newly earned or renewed certifications."""

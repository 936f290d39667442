"""Candidates and their sign-ins: records, account mapping, personal information."""

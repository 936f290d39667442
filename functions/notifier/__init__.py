"""Sends queued emails through SES, exactly once."""

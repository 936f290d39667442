"""Liveness and the API description."""

"""Adapters to external partners, each with a local fake that `make run` and the tests use."""

"""Adapters to AWS data services. They speak domain errors, never `ClientError`."""

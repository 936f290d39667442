"""The certification rules engine: certification state as a pure function of a candidate's events."""

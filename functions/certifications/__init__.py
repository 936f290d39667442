"""Certification progress, history and the certification agreement (guide §4), and the catalog."""

"""Powertools logger, metrics and tracer: one of each per process, configured from the environment.

Logs are structured JSON with the request id and candidate id; tokens, passwords and addresses are
never logged (views log ids and outcomes only).
"""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger(service="certtrack")
metrics = Metrics(namespace="certtrack", service="certtrack")
tracer = Tracer(service="certtrack")

"""`make job JOB=reminders DATE=2027-06-01`: run a scheduled job now, as if on DATE, without the
HTTP server, then deliver what it queued, as Lambda would.

It runs against the embedded AWS of a running `make run` (found in `.local/run.json`), or against
any AWS the environment points at with `--endpoint` or the usual credentials, resolving resource
names from the CloudFormation stack (`--stack`).
"""

import argparse
import json
import os
import sys
from datetime import date

import boto3

from certtrack_local import resources
from certtrack_local.runtime import CREDENTIALS, stage_environment

STATE = resources.ROOT / ".local" / "run.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="certtrack_local.jobs", description=__doc__)
    parser.add_argument("job")
    parser.add_argument("--date", type=date.fromisoformat, help="run as if on this day (default today)")
    parser.add_argument("--endpoint", help="AWS endpoint (default: the running `make run`'s embedded AWS)")
    parser.add_argument("--stack", default=resources.STACK)
    args = parser.parse_args(argv)

    endpoint, physical = args.endpoint, None
    if endpoint is None and STATE.exists():
        state = json.loads(STATE.read_text())
        endpoint, physical = state["aws_endpoint"], state["resources"]
    if endpoint:
        os.environ.update({**stage_environment(), **CREDENTIALS, "AWS_ENDPOINT_URL": endpoint})
    if physical is None:
        session = boto3.session.Session(region_name=os.environ.get("AWS_REGION", "us-east-1"))
        listed = session.client("cloudformation").describe_stack_resources(StackName=args.stack)["StackResources"]
        physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed}
    os.environ.update(resources.function_environment(physical))

    from certtrack_local.workers import Workers

    workers = Workers(physical)
    if args.job not in workers.jobs:
        parser.error(f"no job {args.job!r}; jobs: {', '.join(sorted(workers.jobs))}")
    summary = workers.run_job(args.job, args.date, inline=True)
    print(json.dumps({"job": args.job, "summary": summary}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

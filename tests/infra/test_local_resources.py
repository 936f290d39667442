"""The local runtime creates exactly the template's data resources (ARCHITECTURE.md: "one source
of truth for resources"): the table with its keys and indexes, the buckets, the queues with their
dead-letter queues, and the user pool with its client and groups."""

import json
import os

import boto3

from certtrack_local.resources import load_template

TEMPLATE = load_template()
RESOURCES = TEMPLATE["Resources"]


def of_type(kind: str) -> dict[str, dict]:
    return {name: r for name, r in RESOURCES.items() if r["Type"] == kind}


def client(service: str):
    return boto3.client(service, region_name="us-east-1")


def by_name(entries: list[dict], key: str = "AttributeName") -> dict[str, dict]:
    return {e[key]: e for e in entries}


def test_the_only_table_is_the_templates_with_its_key_schema_and_attributes(aws):
    # GIVEN the template's one table
    (logical, declared) = next(iter(of_type("AWS::DynamoDB::Table").items()))
    assert len(of_type("AWS::DynamoDB::Table")) == 1
    # WHEN the local runtime has created the resources
    dynamodb = client("dynamodb")
    assert dynamodb.list_tables()["TableNames"] == [aws.physical[logical]]
    table = dynamodb.describe_table(TableName=aws.physical[logical])["Table"]
    # THEN its keys, attribute types and billing mode are the template's
    props = declared["Properties"]
    assert table["KeySchema"] == props["KeySchema"]
    assert by_name(table["AttributeDefinitions"]) == by_name(props["AttributeDefinitions"])
    assert table["BillingModeSummary"]["BillingMode"] == props["BillingMode"]


def test_the_tables_indexes_are_the_templates(aws):
    declared = RESOURCES["Table"]["Properties"]["GlobalSecondaryIndexes"]
    table = client("dynamodb").describe_table(TableName=aws.table)["Table"]
    created = by_name(table.get("GlobalSecondaryIndexes", []), "IndexName")
    assert set(created) == {i["IndexName"] for i in declared}
    for index in declared:
        local = created[index["IndexName"]]
        assert local["KeySchema"] == index["KeySchema"], index["IndexName"]
        assert local["Projection"]["ProjectionType"] == index["Projection"]["ProjectionType"], index["IndexName"]


def test_the_buckets_are_the_templates_and_encrypted_as_declared(aws):
    declared = of_type("AWS::S3::Bucket")
    s3 = client("s3")
    names = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert names == {aws.physical[logical] for logical in declared}
    for logical, bucket in declared.items():
        wanted = bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        rules = s3.get_bucket_encryption(Bucket=aws.physical[logical])["ServerSideEncryptionConfiguration"]["Rules"]
        assert (
            rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
            == wanted["ServerSideEncryptionByDefault"]["SSEAlgorithm"]
        ), logical


def test_the_queues_are_the_templates_with_their_timeouts(aws):
    declared = of_type("AWS::SQS::Queue")
    sqs = client("sqs")
    urls = set(sqs.list_queues().get("QueueUrls", []))
    assert urls == {aws.physical[logical] for logical in declared}
    for logical, queue in declared.items():
        attributes = sqs.get_queue_attributes(QueueUrl=aws.physical[logical], AttributeNames=["All"])["Attributes"]
        for name in ("VisibilityTimeout", "MessageRetentionPeriod"):
            if name in queue["Properties"]:
                assert attributes[name] == str(queue["Properties"][name]), (logical, name)


def test_each_work_queue_redrives_to_its_own_dead_letter_queue(aws):
    sqs = client("sqs")
    declared = of_type("AWS::SQS::Queue")
    redriving = {name: q for name, q in declared.items() if "RedrivePolicy" in q["Properties"]}
    assert redriving
    for logical, queue in redriving.items():
        wanted = queue["Properties"]["RedrivePolicy"]
        dlq_logical = wanted["deadLetterTargetArn"]["Fn::GetAtt"][0]
        attributes = sqs.get_queue_attributes(QueueUrl=aws.physical[logical], AttributeNames=["RedrivePolicy"])
        policy = json.loads(attributes["Attributes"]["RedrivePolicy"])
        dlq_arn = sqs.get_queue_attributes(QueueUrl=aws.physical[dlq_logical], AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        assert policy["deadLetterTargetArn"] == dlq_arn, logical
        assert int(policy["maxReceiveCount"]) == wanted["maxReceiveCount"], logical
    for logical in set(declared) - set(redriving):
        attributes = sqs.get_queue_attributes(QueueUrl=aws.physical[logical], AttributeNames=["All"])["Attributes"]
        assert "RedrivePolicy" not in attributes, f"{logical} is a dead-letter queue with a DLQ of its own"


def test_the_user_pool_has_the_templates_password_policy_client_and_groups(aws):
    idp = client("cognito-idp")
    pool = idp.describe_user_pool(UserPoolId=aws.pool)["UserPool"]
    declared = RESOURCES["UserPool"]["Properties"]
    assert pool["Policies"]["PasswordPolicy"] == declared["Policies"]["PasswordPolicy"]
    assert pool["UsernameAttributes"] == declared["UsernameAttributes"]
    app_client = idp.describe_user_pool_client(UserPoolId=aws.pool, ClientId=aws.physical["UserPoolClient"])[
        "UserPoolClient"
    ]
    assert set(app_client["ExplicitAuthFlows"]) == set(RESOURCES["UserPoolClient"]["Properties"]["ExplicitAuthFlows"])
    assert "ClientSecret" not in app_client
    groups = {g["GroupName"] for g in idp.list_groups(UserPoolId=aws.pool)["Groups"]}
    assert groups == {r["Properties"]["GroupName"] for r in of_type("AWS::Cognito::UserPoolGroup").values()}


def test_the_functions_environment_names_the_created_resources(aws):
    variables = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    referenced = {name: value["Ref"] for name, value in variables.items() if isinstance(value, dict) and "Ref" in value}
    for name, logical in referenced.items():
        if logical in aws.physical:
            assert os.environ[name] == aws.physical[logical], name
    assert os.environ["TABLE_NAME"] == aws.table
    assert os.environ["USER_POOL_ID"] == aws.pool


def test_each_schedule_runs_locally_as_the_job_the_readme_names_and_the_sweep_is_not_the_queues_worker(aws):
    # GIVEN the template's schedules and queue triggers (`make job JOB=...`, `POST /dev/jobs/{job}`)
    from certtrack_local.workers import from_template

    # WHEN the local runtime reads them
    mappings, jobs = from_template(aws.physical)
    # THEN each job the README names keeps its name and runs its own handler
    named = {job.name: job.handler for job in jobs}
    assert {name: named.get(name) for name in ("reminders", "anniversaries", "fulfillment")} == {
        "reminders": "reminders.app.handler",
        "anniversaries": "anniversaries.app.handler",
        "fulfillment": "fulfillment.app.sweep",
    }
    assert [m.handler for m in mappings if m.handler.startswith("fulfillment.")] == ["fulfillment.app.handler"]


def test_a_rate_schedule_runs_locally_every_n_minutes(aws):
    # GIVEN the payments sweep's `rate(5 minutes)` schedule in the template
    from certtrack_local.workers import from_template

    # WHEN the local runtime reads it
    _, jobs = from_template(aws.physical)
    # THEN it is the `payments` job, run every five minutes; the daily jobs have no interval
    (payments,) = [job for job in jobs if job.name == "payments"]
    assert (payments.handler, payments.every_minutes) == ("payments.app.handler", 5)
    assert all(job.every_minutes is None for job in jobs if job.name != "payments")

"""Creates `infra/template.yaml`'s data resources on the embedded AWS.

Tables, buckets and queues go through moto's CloudFormation from the template itself (one source of
truth); Cognito, the EventBridge bus with its rules (moto's CloudFormation cannot resolve a bus's
name), KMS keys (it makes every key symmetric, ignoring `KeySpec`) and partner secrets (holding the
local stage's development values) are made here from the template's own properties. Functions, the
API, IAM and queue policies are what this runtime plays itself.
"""

import json
import os
import secrets
from pathlib import Path
from typing import Any

import boto3
from cfnlint.decode import cfn_yaml

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "infra" / "template.yaml"
STACK = "certtrack-local"
#: What moto's CloudFormation creates for us; everything else in the template is played locally.
CLOUDFORMATION_TYPES = {"AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SQS::Queue"}


def load_template() -> dict[str, Any]:
    return json.loads(json.dumps(cfn_yaml.load(str(TEMPLATE))))


def data_template(template: dict[str, Any]) -> dict[str, Any]:
    """The template reduced to the resources moto's CloudFormation creates, with their outputs."""
    resources = {k: v for k, v in template["Resources"].items() if v["Type"] in CLOUDFORMATION_TYPES}
    outputs = {k: v for k, v in template.get("Outputs", {}).items() if _refers_only_to(v["Value"], resources)}
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources, "Outputs": outputs}


def _refers_only_to(value: Any, resources: dict[str, Any]) -> bool:
    if isinstance(value, dict):
        if "Ref" in value:
            return value["Ref"] in resources
        if "Fn::GetAtt" in value:
            return value["Fn::GetAtt"][0] in resources
        if "Fn::Sub" in value:
            return False
        return all(_refers_only_to(v, resources) for v in value.values())
    if isinstance(value, list):
        return all(_refers_only_to(v, resources) for v in value)
    return True


def create(session: boto3.session.Session, stage: str = "local") -> dict[str, str]:
    """Creates everything; returns each resource's physical id (what `!Ref` gives) by logical id."""
    template = load_template()
    cfn = session.client("cloudformation")
    cfn.create_stack(StackName=STACK, TemplateBody=json.dumps(data_template(template)))
    stack = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
    if stack["StackStatus"] != "CREATE_COMPLETE":
        raise RuntimeError(f"the local stack did not create: {stack['StackStatus']}")
    listed = cfn.describe_stack_resources(StackName=STACK)["StackResources"]
    physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed}
    physical.update(_cognito(session, template["Resources"], stage))
    physical.update(_event_bus(session, template["Resources"], physical))
    physical.update(_mail_identities(session, template))
    physical.update(_kms_keys(session, template["Resources"]))
    physical.update(_partner_secrets(session, template["Resources"]))
    return physical


def _kms_keys(session: boto3.session.Session, resources: dict[str, Any]) -> dict[str, str]:
    kms = session.client("kms")
    out = {}
    for logical, resource in resources.items():
        if resource["Type"] != "AWS::KMS::Key":
            continue
        props = resource["Properties"]
        made = kms.create_key(
            KeySpec=props.get("KeySpec", "SYMMETRIC_DEFAULT"),
            KeyUsage=props.get("KeyUsage", "ENCRYPT_DECRYPT"),
            Description=props.get("Description", logical),
        )
        out[logical] = made["KeyMetadata"]["KeyId"]
    return out


def _partner_secrets(session: boto3.session.Session, resources: dict[str, Any]) -> dict[str, str]:
    """The template's partner secrets, holding the local stage's development values (`PARTNER_SECRETS`
    in chalice.json, `{partner id: secret}`) or, for a partner it does not list, a random one."""
    development = json.loads(os.environ.get("PARTNER_SECRETS") or "{}")
    manager = session.client("secretsmanager")
    out = {}
    for logical, resource in resources.items():
        if resource["Type"] != "AWS::SecretsManager::Secret":
            continue
        name = _substitute(resource["Properties"]["Name"])
        value = development.get(name.rsplit("/", 1)[-1]) or secrets.token_urlsafe(36)
        manager.create_secret(Name=name, SecretString=json.dumps({"current": value, "previous": ""}))
        out[logical] = name
    return out


def _cognito(session: boto3.session.Session, resources: dict[str, Any], stage: str) -> dict[str, str]:
    idp = session.client("cognito-idp")
    pool_props = dict(resources["UserPool"]["Properties"])
    name = pool_props.pop("UserPoolName", "certtrack")
    if isinstance(name, dict):
        name = f"certtrack-{stage}"
    schema = [dict(a) for a in pool_props.pop("Schema", [])]
    for attribute in schema:
        if "StringAttributeConstraints" in attribute:
            attribute["StringAttributeConstraints"] = dict(attribute["StringAttributeConstraints"])
    pool = idp.create_user_pool(PoolName=name, Schema=schema, **pool_props)["UserPool"]
    client_props = dict(resources["UserPoolClient"]["Properties"])
    client_props.pop("UserPoolId")
    client = idp.create_user_pool_client(UserPoolId=pool["Id"], **client_props)["UserPoolClient"]
    for resource in resources.values():
        if resource["Type"] == "AWS::Cognito::UserPoolGroup":
            props = dict(resource["Properties"])
            props.pop("UserPoolId")
            idp.create_group(UserPoolId=pool["Id"], **props)
    return {"UserPool": pool["Id"], "UserPoolClient": client["ClientId"]}


def _event_bus(session: boto3.session.Session, resources: dict[str, Any], physical: dict[str, str]) -> dict[str, str]:
    """The bus, and each rule with its queue targets (moto's bus delivers to SQS targets itself)."""
    events = session.client("events")
    sqs = session.client("sqs")
    out: dict[str, str] = {}
    for logical, resource in resources.items():
        if resource["Type"] == "AWS::Events::EventBus":
            out[logical] = _substitute(resource["Properties"]["Name"])
            events.create_event_bus(Name=out[logical])
    for logical, resource in resources.items():
        if resource["Type"] != "AWS::Events::Rule":
            continue
        props = resource["Properties"]
        bus = out[props["EventBusName"]["Fn::GetAtt"][0]]
        events.put_rule(Name=logical, EventBusName=bus, EventPattern=json.dumps(props["EventPattern"]))
        targets = []
        for target in props["Targets"]:
            url = physical[target["Arn"]["Fn::GetAtt"][0]]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            targets.append({"Id": target["Id"], "Arn": arn})
        events.put_targets(Rule=logical, EventBusName=bus, Targets=targets)
        out[logical] = logical
    return out


def _substitute(value: Any) -> str:
    """A `!Sub` of the stack name (the only one the local resources need)."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        return value["Fn::Sub"].replace("${AWS::StackName}", STACK)
    return value


def function_environment(physical: dict[str, str]) -> dict[str, str]:
    """The functions' environment variables that the template fills with `!Ref <resource>` (or with
    `!GetAtt <resource>.Name`, the name of a bus)."""
    template = load_template()
    variables = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    out = {}
    for name, value in variables.items():
        if not isinstance(value, dict):
            continue
        if "Fn::Sub" in value:
            out[name] = _substitute(value)
            continue
        ref = value.get("Ref") or (value.get("Fn::GetAtt") or [None])[0]
        if ref in physical:
            out[name] = physical[ref]
    return out


def _mail_identities(session: boto3.session.Session, template: dict[str, Any]) -> dict[str, str]:
    """SES identities of the template, verified at once (locally there is no DNS to prove them)."""
    ses = session.client("ses")
    parameters = template.get("Parameters", {})
    out = {}
    for logical, resource in template["Resources"].items():
        if resource["Type"] != "AWS::SES::EmailIdentity":
            continue
        identity = resource["Properties"]["EmailIdentity"]
        if isinstance(identity, dict):
            identity = parameters[identity["Ref"]]["Default"]
        if "@" in identity:
            ses.verify_email_identity(EmailAddress=identity)
        else:
            ses.verify_domain_identity(Domain=identity)
        out[logical] = identity
    return out

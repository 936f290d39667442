"""The role check the `api` fixture applies to every request (tests/roles.py) refuses what a role
does not grant: an action, a queue or bucket it does not name, a table index it does not list."""

import pytest
from roles import Call, Roles

TEMPLATE = {
    "Resources": {
        "KitsFunction": {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "Handler": "kits.app.app",
                "Policies": [
                    {
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": ["dynamodb:GetItem", "dynamodb:UpdateItem"],
                                "Resource": {"Fn::GetAtt": ["Table", "Arn"]},
                            },
                            {
                                "Effect": "Allow",
                                "Action": ["dynamodb:Query"],
                                "Resource": {"Fn::Sub": "${Table.Arn}/index/GSI1"},
                            },
                            {
                                "Effect": "Allow",
                                "Action": "sqs:SendMessage",
                                "Resource": {"Fn::GetAtt": ["FulfillmentQueue", "Arn"]},
                            },
                            {
                                "Effect": "Allow",
                                "Action": ["s3:GetObject"],
                                "Resource": [{"Fn::Sub": "${DocumentsBucket.Arn}/candidates/*"}],
                            },
                        ]
                    }
                ],
            },
        }
    }
}
PHYSICAL = {
    "FulfillmentQueue": "https://sqs/fulfil",
    "NotificationsQueue": "https://sqs/notify",
    "DocumentsBucket": "docs",
}


@pytest.fixture
def roles() -> Roles:
    return Roles(TEMPLATE, PHYSICAL)


def refused(roles: Roles, service: str, operation: str, **params) -> list[str]:
    return [repr(c) for c in roles.refused("kits", roles.calls(service, operation, params))]


def test_granted_calls_pass(roles):
    assert refused(roles, "dynamodb", "GetItem") == []
    assert refused(roles, "dynamodb", "Query", IndexName="GSI1") == []
    assert refused(roles, "sqs", "SendMessage", QueueUrl="https://sqs/fulfil") == []
    assert refused(roles, "s3", "HeadObject", Bucket="docs") == []  # HeadObject is s3:GetObject


def test_an_action_the_role_lacks_is_refused(roles):
    assert refused(roles, "dynamodb", "PutItem") == ["dynamodb:PutItem on Table"]
    assert refused(roles, "dynamodb", "BatchGetItem") == ["dynamodb:BatchGetItem on Table"]


def test_each_write_of_a_transaction_needs_its_own_action(roles):
    items = [{"Update": {}}, {"Put": {}}, {"ConditionCheck": {}}]
    assert refused(roles, "dynamodb", "TransactWriteItems", TransactItems=items) == [
        "dynamodb:PutItem on Table",
        "dynamodb:ConditionCheckItem on Table",
    ]


def test_resources_must_be_named(roles):
    assert refused(roles, "sqs", "SendMessage", QueueUrl="https://sqs/notify") == [
        "sqs:SendMessage on NotificationsQueue"
    ]
    assert refused(roles, "dynamodb", "Query") == ["dynamodb:Query on Table"]  # only the index is granted
    assert refused(roles, "dynamodb", "Query", IndexName="GSI2") == ["dynamodb:Query on index/GSI2"]


def test_local_only_confirmation_calls_and_unknown_features():
    roles = Roles(TEMPLATE, PHYSICAL)
    assert roles.refused("auth", [Call("cognito-idp:AdminConfirmSignUp", None)]) == []
    assert [repr(c) for c in roles.refused("nobody", [Call("dynamodb:GetItem", "Table")])] == [
        "dynamodb:GetItem on Table"
    ]


def test_two_functions_of_one_module_are_each_held_to_their_own_role():
    # GIVEN one module serving two triggers, each its own function with its own role
    def function(handler: str, action: str) -> dict:
        statement = {"Effect": "Allow", "Action": [action], "Resource": {"Fn::GetAtt": ["Table", "Arn"]}}
        return {
            "Type": "AWS::Serverless::Function",
            "Properties": {"Handler": handler, "Policies": [{"Statement": [statement]}]},
        }

    template = {
        "Resources": {
            "Worker": function("fulfillment.app.handler", "dynamodb:GetItem"),
            "Sweep": function("fulfillment.app.sweep", "dynamodb:PutItem"),
        }
    }
    roles = Roles(template, PHYSICAL)
    # THEN each handler gets its own grants, and the shared module name grants nothing
    get, put = Call("dynamodb:GetItem", "Table"), Call("dynamodb:PutItem", "Table")
    assert roles.refused("fulfillment.app.handler", [get, put]) == [put]
    assert roles.refused("fulfillment.app.sweep", [get, put]) == [get]
    assert roles.refused("fulfillment", [get, put]) == [get, put]

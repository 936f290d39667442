"""The Lambda context a worker or job handler is invoked with: Powertools' `inject_lambda_context`
reads the function's name, memory, ARN and request id from it, so a test cannot pass None."""

from types import SimpleNamespace


def lambda_context(function_name: str = "test") -> SimpleNamespace:
    return SimpleNamespace(
        aws_request_id="test-request",
        function_name=function_name,
        memory_limit_in_mb=512,
        invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{function_name}",
        get_remaining_time_in_millis=lambda: 10_000,
    )

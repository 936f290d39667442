"""The environment of a function started without the moto stack (a fresh interpreter, the SnapStart
hooks): settings load and clients build, but nothing is called, so the names need not exist."""

FUNCTION_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_REGION": "us-east-1",
    "CERTTRACK_STAGE": "local",
    "TABLE_NAME": "certtrack-test",
    "USER_POOL_ID": "us-east-1_test",
    "USER_POOL_CLIENT_ID": "testclient",
    "CURSOR_SECRET": "test-cursor-secret",
    "POWERTOOLS_TRACE_DISABLED": "true",
}

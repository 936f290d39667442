"""Files in the private buckets (generated documents, logo artwork), handed out as short-lived presigned
links."""

from botocore.exceptions import ClientError

from certtrack import aws
from certtrack.settings import get_settings

#: ARCHITECTURE.md: presigned links expire in at most five minutes.
LINK_SECONDS = 300


def put_pdf(key: str, body: bytes) -> None:
    aws.client("s3").put_object(
        Bucket=get_settings().require("documents_bucket"),
        Key=key,
        Body=body,
        ContentType="application/pdf",
        ServerSideEncryption="AES256",
    )


def exists(key: str) -> bool:
    try:
        aws.client("s3").head_object(Bucket=get_settings().require("documents_bucket"), Key=key)
    except ClientError as exc:
        if exc.response["Error"]["Code"] in {"404", "NoSuchKey", "NotFound"}:
            return False
        raise
    return True


def link(key: str, filename: str) -> str:
    """A GET link to a generated PDF valid for `LINK_SECONDS`, downloading as `filename`."""
    return _presigned(get_settings().require("documents_bucket"), key, filename, "application/pdf")


def artwork_link(key: str, filename: str, content_type: str) -> str:
    """A GET link to certification artwork (the logos bucket), valid for `LINK_SECONDS`: only holders
    are handed one, so the bucket itself stays private."""
    return _presigned(get_settings().require("logos_bucket"), key, filename, content_type)


def _presigned(bucket: str, key: str, filename: str, content_type: str) -> str:
    return aws.client("s3").generate_presigned_url(
        "get_object",
        Params={
            "Bucket": bucket,
            "Key": key,
            "ResponseContentDisposition": f'attachment; filename="{filename}"',
            "ResponseContentType": content_type,
        },
        ExpiresIn=LINK_SECONDS,
    )


def artwork(key: str) -> bytes:
    """Certification artwork itself (the badge images are baked from it)."""
    out = aws.client("s3").get_object(Bucket=get_settings().require("logos_bucket"), Key=key)
    return out["Body"].read()

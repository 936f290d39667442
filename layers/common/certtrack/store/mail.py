"""SES: one raw email out, with the one distinction the notifier needs — whether SES surely did not
take the email (it may be sent again) or might have (sending again could deliver it twice)."""

from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError

from certtrack import aws


class NotSent(RuntimeError):
    """SES did not take the email (unreachable, or it refused): sending again is safe."""


def send_raw(source: str, to: str, raw: bytes) -> str:
    """The SES message id. Raises `NotSent` when the email surely did not leave; any other failure
    (a timeout after the request went out) propagates as it is: the email may have left."""
    try:
        out = aws.client("ses").send_raw_email(Source=source, Destinations=[to], RawMessage={"Data": raw})
    except (EndpointConnectionError, ConnectTimeoutError, ClientError) as exc:
        raise NotSent(str(exc)) from exc
    return out.get("MessageId", "")

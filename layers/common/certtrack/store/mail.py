"""SES: the one place email leaves the system (the notifier sends what senders recorded)."""

from certtrack import aws


def send(sender: str, to: str, message: bytes) -> str:
    """One MIME message to one recipient; SES's message id, which the notification record keeps."""
    out = aws.client("ses").send_raw_email(Source=sender, Destinations=[to], RawMessage={"Data": message})
    return out.get("MessageId", "")

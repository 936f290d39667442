"""Process settings, read from the environment once, on first use.

Resource names have no defaults: a function deployed without one fails at its first request with
the variable's name, not by writing to a table that happens to exist. (A plain dataclass rather
than pydantic-settings: that package costs ~30 ms of every cold start for six strings.)
"""

import os
from dataclasses import dataclass
from functools import lru_cache


class MissingSetting(RuntimeError):
    """A required environment variable is not set."""


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise MissingSetting(f"the environment variable {name} must be set")
    return value


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    stage: str
    aws_region: str
    aws_endpoint_url: str | None
    table_name: str
    user_pool_id: str
    user_pool_client_id: str
    #: Signs pagination cursors so that clients can neither read nor forge them.
    cursor_secret: str
    #: The issuer's JWKS address; derived from the region and pool when unset (AWS).
    jwks_url: str | None
    #: Local stage only: sign-ups are confirmed at once instead of by emailed code.
    auto_confirm_signups: bool
    #: The private bucket of generated documents (score reports, certificates).
    documents_bucket: str | None = None
    #: Where emails go to be sent (the notifier function reads it).
    notifications_queue_url: str | None = None
    #: The FIFO queue of "evaluate this candidate" messages (the evaluator reads it).
    evaluations_queue_url: str | None = None
    #: The EventBridge bus the evaluator publishes domain events on.
    events_bus_name: str | None = None
    #: The private bucket of certification logo artwork.
    logos_bucket: str | None = None
    #: Where claimed kits wait for the fulfillment worker.
    fulfillment_queue_url: str | None = None
    #: The sender of every email (an SES-verified identity).
    mail_from: str = "certtrack <no-reply@certtrack.example>"
    #: The portal's address, for links in emails.
    portal_url: str = "http://127.0.0.1:8000"
    #: The API's public address: the ids of issued credentials and keys are URLs under it, so it must
    #: stay stable (a custom domain, not an execute-api address that changes with the stack).
    api_url: str = "http://127.0.0.1:8000"
    #: KMS keys (ECC_NIST_P256, SIGN_VERIFY) of badge credentials: the first signs, all are published.
    badge_signing_keys: tuple[str, ...] = ()
    #: Secrets Manager names of partner secrets: the prefix, then the partner's id.
    partner_secrets_prefix: str | None = None
    #: How long a booking holds its seat while the card payment is pending: long enough for a
    #: provider's slow answer or a 3-D Secure step, short enough that an abandoned booking does not
    #: keep a seat from others for long (the payments sweep runs every 5 minutes).
    payment_hold_minutes: int = 30

    def require(self, name: str) -> str:
        """A setting only some functions have (a queue, a bucket): the one way to demand it, failing
        with the environment variable's name where the function was deployed without it."""
        value = getattr(self, name)
        if not value:
            raise MissingSetting(f"the environment variable {name.upper()} must be set")
        return value

    @classmethod
    def from_environment(cls) -> "Settings":
        return cls(
            stage=os.environ.get("CERTTRACK_STAGE", "dev"),
            aws_region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
            aws_endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None,
            table_name=_required("TABLE_NAME"),
            user_pool_id=_required("USER_POOL_ID"),
            user_pool_client_id=_required("USER_POOL_CLIENT_ID"),
            cursor_secret=_required("CURSOR_SECRET"),
            jwks_url=os.environ.get("JWKS_URL") or None,
            auto_confirm_signups=_flag("AUTO_CONFIRM_SIGNUPS"),
            documents_bucket=os.environ.get("DOCUMENTS_BUCKET") or None,
            notifications_queue_url=os.environ.get("NOTIFICATIONS_QUEUE_URL") or None,
            evaluations_queue_url=os.environ.get("EVALUATIONS_QUEUE_URL") or None,
            events_bus_name=os.environ.get("EVENTS_BUS_NAME") or None,
            fulfillment_queue_url=os.environ.get("FULFILLMENT_QUEUE_URL") or None,
            logos_bucket=os.environ.get("LOGOS_BUCKET") or None,
            mail_from=os.environ.get("MAIL_FROM") or "certtrack <no-reply@certtrack.example>",
            portal_url=(os.environ.get("PORTAL_URL") or "http://127.0.0.1:8000").rstrip("/"),
            api_url=(os.environ.get("API_URL") or os.environ.get("PORTAL_URL") or "http://127.0.0.1:8000").rstrip("/"),
            partner_secrets_prefix=os.environ.get("PARTNER_SECRETS_PREFIX") or None,
            payment_hold_minutes=int(os.environ.get("PAYMENT_HOLD_MINUTES") or 30),
            badge_signing_keys=tuple(
                k.strip() for k in os.environ.get("BADGE_SIGNING_KEYS", "").split(",") if k.strip()
            ),
        )

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.aws_region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_address(self) -> str:
        if self.jwks_url:
            return self.jwks_url
        base = self.aws_endpoint_url.rstrip("/") if self.aws_endpoint_url else self.issuer.rsplit("/", 1)[0]
        return f"{base}/{self.user_pool_id}/.well-known/jwks.json"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_environment()

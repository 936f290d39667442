"""Process settings, read from the environment once, on first use.

Resource names have no defaults: a function deployed without one should fail at its first request
with the variable's name, not write to a table that happens to exist.
"""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    stage: str = Field("dev", alias="CERTTRACK_STAGE")
    aws_region: str = Field("us-east-1", alias="AWS_REGION")
    aws_endpoint_url: str | None = Field(None, alias="AWS_ENDPOINT_URL")
    table_name: str = Field(alias="TABLE_NAME")
    user_pool_id: str = Field(alias="USER_POOL_ID")
    user_pool_client_id: str = Field(alias="USER_POOL_CLIENT_ID")
    #: The issuer's JWKS address; derived from the region and pool when unset (AWS).
    jwks_url: str | None = Field(None, alias="JWKS_URL")
    #: Signs pagination cursors so that clients can neither read nor forge them.
    cursor_secret: str = Field(alias="CURSOR_SECRET")
    #: Local stage only: sign-ups are confirmed at once instead of by emailed code.
    auto_confirm_signups: bool = Field(False, alias="AUTO_CONFIRM_SIGNUPS")

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
    return Settings()

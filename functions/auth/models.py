"""Sign-in request and answer shapes."""

import re

from pydantic import ConfigDict, Field, field_validator

from certtrack.accounts.address import CountryCode
from certtrack.accounts.models import PersonName
from certtrack.models import Model

#: An address the identity provider takes as a sign-in (Cognito's email user names: an ASCII local
#: part, a top-level domain of letters); anything looser passed here and failed there as a 502.
_EMAIL = re.compile(
    r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]{1,63})*\.[A-Za-z]{2,63}$"
)


def normalise_email(value: str) -> str:
    value = value.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValueError("is not an email address")
    return value


class Credentials(Model):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, json_schema_extra={"pattern": _EMAIL.pattern})
    password: str = Field(min_length=1, max_length=256)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return normalise_email(value)


class Login(Credentials):
    pass


class SignUp(Credentials):
    password: str = Field(min_length=8, max_length=256, description="at least 8 characters")
    first_name: PersonName
    last_name: PersonName
    country: CountryCode


class Confirm(Model):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, json_schema_extra={"pattern": _EMAIL.pattern})
    code: str = Field(min_length=1, max_length=12, pattern=r"^\d+$")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return normalise_email(value)


class Refresh(Model):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=8192)


class SignUpResult(Model):
    email: str
    confirmed: bool
    message: str


class Tokens(Model):
    id_token: str
    access_token: str
    refresh_token: str | None = None
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 - the scheme name, not a secret

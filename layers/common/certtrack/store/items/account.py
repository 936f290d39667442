"""The account's items: profile, mailing address, email settings, the welcome seen, and the sign-in pointer
the authorizer reads."""

from typing import Any

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class ProfileItem(StoredItem):
    candidate_id: str
    email: str
    first_name: str
    last_name: str
    country: str | None = None
    company: str | None = None
    job_title: str | None = None
    phone: str | None = None
    #: The sign-in subjects mapped to this record (a DynamoDB string set).
    logins: set[str] | None = None
    mapping: str | None = None
    vue_id: str | None = None
    credly_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.profile())

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class AddressItem(StoredItem):
    kind: str = "mailing"
    #: Optional here although the API requires it: an address is read back as it was saved, and the
    #: API model (`MailingAddress`) is what refuses an incomplete one.
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    updated_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, kind: str = "mailing") -> dict[str, str]:
        return on_candidate(candidate_id, keys.address(kind))

    def address(self) -> dict[str, Any]:
        """The address attributes only, as `MailingAddress` takes them."""
        return self.model_dump(include={"line1", "line2", "city", "state", "postal_code", "country"})


class SettingsItem(StoredItem):
    email_opt_in: bool = False
    reminder_emails: bool = False
    updated_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.settings())


class WelcomeItem(StoredItem):
    """When the account first saw Home's welcome (`keys.welcome`): read with the account's items."""

    seen_at: str

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.welcome())


class LoginItem(StoredItem):
    """A sign-in subject → its candidate (absent while the mapping needs support). Read on every
    request by the authorizer, so only what every writer has always set is required."""

    state: str
    subject: str | None = None
    candidate_id: str | None = None
    email: str | None = None
    open_mapping_case: str | None = None
    updated_at: str | None = None

    @staticmethod
    def key_of(subject: str) -> dict[str, str]:
        return keys.login(subject)

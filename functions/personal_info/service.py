"""Personal-information use cases. Each change writes an activity entry in the same transaction."""

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.accounts.models import (
    AddressOnFile,
    CredlyLink,
    ExternalIds,
    MailingAddress,
    PersonalInfo,
    Profile,
    ProfileUpdate,
    Settings,
)
from certtrack.errors import NotFound
from certtrack.store import profiles
from certtrack.store.items.account import AddressItem, ProfileItem, SettingsItem
from certtrack.store.table import Operation


def _profile(candidate_id: str) -> ProfileItem:
    item = repo.get_profile(candidate_id)
    if item is None:
        raise NotFound("no candidate record for this sign-in")
    return ProfileItem.from_item(item)


def get_profile(candidate_id: str) -> Profile:
    return _profile_out(_profile(candidate_id))


def _profile_out(profile: ProfileItem) -> Profile:
    return Profile.model_validate(profile.model_dump(include=set(Profile.model_fields)))


def personal_info(candidate_id: str) -> PersonalInfo:
    """Profile, mailing address, settings and external IDs from one query of the account items."""
    items = repo.account_items(candidate_id)
    stored = items.get(keys.profile())
    if stored is None:
        raise NotFound("no candidate record for this sign-in")
    profile = ProfileItem.from_item(stored)
    address = items.get(keys.address("mailing"))
    settings = items.get(keys.settings())
    return PersonalInfo(
        profile=_profile_out(profile),
        mailing_address=AddressOnFile.of(AddressItem.from_item(address).address()) if address else None,
        settings=_settings_out(SettingsItem.from_item(settings)) if settings else None,
        external_ids=_external_ids(profile),
    )


def update_profile(candidate_id: str, update: ProfileUpdate) -> Profile:
    changes = update.model_dump(exclude_unset=True)
    repo.table.transact(
        [
            profiles.update_op(candidate_id, changes, clock.iso_now()),
            repo.activity_op(candidate_id, "profile", "Personal information updated"),
        ]
    )
    return get_profile(candidate_id)


def get_address(candidate_id: str, kind: str) -> AddressOnFile:
    item = repo.table.get(AddressItem.key_of(candidate_id, kind))
    if item is None:
        raise NotFound(f"no {kind} address on file")
    return AddressOnFile.of(AddressItem.from_item(item).address())


def save_address(candidate_id: str, kind: str, address: MailingAddress) -> AddressOnFile:
    item = {
        **repo.candidate_key(candidate_id, keys.address(kind)),
        "type": "address",
        "kind": kind,
        **address.model_dump(),
        "updated_at": clock.iso_now(),
    }
    repo.table.transact(
        [Operation.put(item), repo.activity_op(candidate_id, "profile", f"{kind.capitalize()} address updated")]
    )
    return AddressOnFile.of(address.model_dump())


def get_settings(candidate_id: str) -> Settings:
    item = repo.table.get(SettingsItem.key_of(candidate_id))
    if item is None:
        raise NotFound("settings were never saved")
    return _settings_out(SettingsItem.from_item(item))


def _settings_out(settings: SettingsItem) -> Settings:
    return Settings.model_validate(settings.model_dump(include=set(Settings.model_fields)))


def save_settings(candidate_id: str, settings: Settings) -> Settings:
    item = {
        **repo.candidate_key(candidate_id, keys.settings()),
        "type": "settings",
        **settings.model_dump(),
        "updated_at": clock.iso_now(),
    }
    repo.table.transact([Operation.put(item), repo.activity_op(candidate_id, "profile", "Email settings updated")])
    return settings


def _external_ids(profile: ProfileItem) -> ExternalIds:
    return ExternalIds(
        cisco_id=profile.email,
        csco_id=profile.candidate_id,
        credly_id=profile.credly_id,
        pearson_vue_id=profile.vue_id,
    )


def external_ids(candidate_id: str) -> ExternalIds:
    return _external_ids(_profile(candidate_id))


def link_credly(candidate_id: str, link: CredlyLink) -> ExternalIds:
    repo.table.transact(
        [
            profiles.update_op(candidate_id, {"credly_id": link.credly_id}, clock.iso_now()),
            repo.activity_op(candidate_id, "profile", "Credly account linked"),
        ]
    )
    return external_ids(candidate_id)

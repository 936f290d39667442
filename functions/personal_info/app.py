"""Personal-information routes; every read is one DynamoDB round trip."""

from chalice import Blueprint, Chalice

from certtrack.accounts.address import subdivisions_of
from certtrack.accounts.models import (
    AddressOnFile,
    CountrySubdivisions,
    CredlyLink,
    ExternalIds,
    MailingAddress,
    PersonalInfo,
    Profile,
    ProfileUpdate,
    Settings,
)
from certtrack.web import Call, common, route
from personal_info import service

bp = Blueprint(__name__)


@route(bp, "/me/personal-info", response=PersonalInfo)
def get_personal_info(call: Call) -> PersonalInfo:
    """The Personal Information page's data in one answer: profile, mailing address and settings
    (null until saved), external IDs."""
    return service.personal_info(call.candidate_id)


@route(bp, "/me/profile", response=Profile)
def get_profile(call: Call) -> Profile:
    """Name (as verified at sign-up), company, job title, phone."""
    return service.get_profile(call.candidate_id)


@route(bp, "/me/profile", "PUT", request=ProfileUpdate, response=Profile, errors=(400,))
def put_profile(call: Call) -> Profile:
    """Change company, job title and phone."""
    return service.update_profile(call.candidate_id, call.body)


@route(bp, "/me/addresses/mailing", response=AddressOnFile, errors=(404,))
def get_address(call: Call) -> AddressOnFile:
    """The mailing address on file, its state as a code and by name (404 until one is saved)."""
    return service.get_address(call.candidate_id, "mailing")


@route(bp, "/me/addresses/mailing", "PUT", request=MailingAddress, response=AddressOnFile, errors=(400,))
def put_address(call: Call) -> AddressOnFile:
    """Save the mailing address kits ship to (no P.O. Box; the state by name or code)."""
    return service.save_address(call.candidate_id, "mailing", call.body)


@route(bp, "/countries/{country}/subdivisions", response=CountrySubdivisions, public=True, errors=(400,), max_age=86400)
def get_subdivisions(call: Call) -> CountrySubdivisions:
    """A country's states or provinces as the address form offers them, and whether one is needed.
    The same for everyone and changed only with the pinned ISO data: cached for a day."""
    return subdivisions_of(call.params["country"])


@route(bp, "/me/settings", response=Settings, errors=(404,))
def get_settings(call: Call) -> Settings:
    """Email preferences (404 until saved)."""
    return service.get_settings(call.candidate_id)


@route(bp, "/me/settings", "PUT", request=Settings, response=Settings, errors=(400,))
def put_settings(call: Call) -> Settings:
    """Save email preferences."""
    return service.save_settings(call.candidate_id, call.body)


@route(bp, "/me/external-ids", response=ExternalIds)
def get_external_ids(call: Call) -> ExternalIds:
    """Cisco.com ID (the sign-in), CSCO ID, Credly ID, Pearson VUE ID."""
    return service.external_ids(call.candidate_id)


@route(bp, "/me/external-ids/credly", "PUT", request=CredlyLink, response=ExternalIds, errors=(400,))
def put_credly(call: Call) -> ExternalIds:
    """Link the Credly account badges are issued to."""
    return service.link_credly(call.candidate_id, call.body)


app = Chalice(app_name="certtrack-personal-info")
app.register_blueprint(common)
app.register_blueprint(bp)

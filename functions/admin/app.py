"""Administrator routes; each checks the caller's `admin` group from the verified token."""

from chalice import Blueprint, Chalice, Response
from pydantic import ConfigDict, Field

from admin import service
from admin.models import ChallengeResolution, EmeritusRequestOut, EmeritusReversalIn, Revocation, RevocationIn
from certtrack import announcements
from certtrack.accounts.models import AccountMapping, CandidateSummary, SupportCase
from certtrack.announcements import Announcement, AnnouncementIn
from certtrack.certs import emeritus, revocations
from certtrack.certs.challenges import Challenge
from certtrack.models import Items, Model
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


class CaseQuery(Model):
    model_config = ConfigDict(extra="forbid")

    status: str = Field("open", pattern="^(open|resolved)$")
    cursor: str | None = Field(None, max_length=1024)


class ChallengeQuery(Model):
    model_config = ConfigDict(extra="forbid")

    status: str = Field("open", pattern="^(open|upheld|denied)$")
    cursor: str | None = Field(None, max_length=1024)


class EmeritusQuery(Model):
    model_config = ConfigDict(extra="forbid")

    status: str = Field("requested", pattern="^(requested|reversed)$")
    cursor: str | None = Field(None, max_length=1024)


class CandidateQuery(Model):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=254)


@route(bp, "/admin/support-cases", query=CaseQuery, response=Items[SupportCase], errors=(403,))
def list_cases(call: Call) -> Items[SupportCase]:
    """Support cases in one state, oldest first, paginated."""
    return service.list_cases(call.query["status"], call.query.get("cursor"), call.admin.subject)


@route(bp, "/admin/account-mappings", "POST", request=AccountMapping, response=SupportCase, errors=(403, 404, 409))
def map_account(call: Call) -> SupportCase:
    """Link a support case's sign-in to a candidate record and resolve the case."""
    admin = call.admin
    return service.map_account(call.body, admin.subject)


@route(bp, "/admin/candidates", query=CandidateQuery, response=CandidateSummary, errors=(403, 404))
def find_candidate(call: Call) -> CandidateSummary:
    """Find a candidate record by email (to resolve a mapping case)."""
    return service.find_candidate(call.query["email"])


@route(bp, "/admin/challenges", query=ChallengeQuery, response=Items[Challenge], errors=(403,))
def list_challenges(call: Call) -> Items[Challenge]:
    """Score challenges in one state, oldest first."""
    return service.list_challenges(call.query["status"], call.query.get("cursor"), call.admin.subject)


@route(
    bp,
    "/admin/challenges/{challenge_id}/resolution",
    "POST",
    request=ChallengeResolution,
    response=Challenge,
    errors=(403, 404, 409),
)
def resolve_challenge(call: Call) -> Challenge:
    """Uphold or deny an open score challenge."""
    admin = call.admin
    return service.resolve_challenge(call.params["challenge_id"], call.body, admin.subject)


@route(
    bp,
    "/admin/certifications/revocations",
    "POST",
    request=RevocationIn,
    response=Revocation,
    status=201,
    errors=(403, 404, 409),
)
def revoke_certification(call: Call) -> Response:
    """Revoke a candidate's certification for misconduct: its badges are revoked and the candidate is
    emailed. A repeat changes nothing (200 with the revocation in force)."""
    admin = call.admin
    body: RevocationIn = call.body
    made, created = revocations.revoke(body.candidate_id, body.cert_id, body.reason, admin.subject)
    return Response(body=Revocation(**made).model_dump(mode="json"), status_code=201 if created else 200)


@route(bp, "/admin/emeritus", query=EmeritusQuery, response=Items[EmeritusRequestOut], errors=(403,))
def list_emeritus(call: Call) -> Items[EmeritusRequestOut]:
    """Emeritus requests in one state (requested, reversed), newest first, paginated."""
    return service.list_emeritus(call.query["status"], call.query.get("cursor"), call.admin.subject)


@route(
    bp,
    "/admin/certifications/emeritus-reversals",
    "POST",
    request=EmeritusReversalIn,
    response=EmeritusRequestOut,
    status=201,
    errors=(403, 404, 409),
)
def reverse_emeritus(call: Call) -> Response:
    """Reverse a candidate's Emeritus request: the certification renews again, or, if Emeritus had
    begun, is no longer held. Lifetime Emeritus is not reversed. A repeat changes nothing (200)."""
    admin = call.admin
    body: EmeritusReversalIn = call.body
    made, created = emeritus.reverse(body.candidate_id, body.cert_id, body.reason, admin.subject)
    answer = service.emeritus_request(made)
    return Response(body=answer.model_dump(mode="json"), status_code=201 if created else 200)


@route(bp, "/admin/announcements", "POST", request=AnnouncementIn, response=Announcement, status=201, errors=(403,))
def create_announcement(call: Call) -> Announcement:
    """Publish an announcement for the landing page between two dates."""
    admin = call.admin
    return announcements.create(call.body, admin.subject)


@route(bp, "/admin/announcements", response=Items[Announcement], errors=(403,))
def list_announcements(call: Call) -> Items[Announcement]:
    """Every announcement, newest start first, with its state today."""
    return Items[Announcement](items=[announcements.view(i) for i in announcements.announcements()])


@route(
    bp,
    "/admin/announcements/{announcement_id}",
    "PUT",
    request=AnnouncementIn,
    response=Announcement,
    errors=(403, 404, 409),
)
def update_announcement(call: Call) -> Announcement:
    """Edit an announcement (not a retired one)."""
    admin = call.admin
    return announcements.update(call.params["announcement_id"], call.body, admin.subject)


@route(bp, "/admin/announcements/{announcement_id}", "DELETE", response=Announcement, errors=(403, 404))
def retire_announcement(call: Call) -> Announcement:
    """Retire an announcement: it stops showing at once."""
    admin = call.admin
    return announcements.retire(call.params["announcement_id"], admin.subject)


app = Chalice(app_name="certtrack-admin")
app.register_blueprint(common)
app.register_blueprint(bp)

"""Administrator routes; each checks the caller's `admin` group from the verified token."""

from chalice import Blueprint, Chalice
from pydantic import ConfigDict, Field

from admin import service
from certtrack.accounts.models import AccountMapping, CandidateSummary, SupportCase
from certtrack.models import Items, Model
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


class CaseQuery(Model):
    model_config = ConfigDict(extra="forbid")

    status: str = Field("open", pattern="^(open|resolved)$")
    cursor: str | None = Field(None, max_length=1024)


class CandidateQuery(Model):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=254)


@route(bp, "/admin/support-cases", query=CaseQuery, response=Items[SupportCase], errors=(403,))
def list_cases(call: Call) -> Items[SupportCase]:
    """Support cases in one state, oldest first, paginated."""
    call.require_admin()
    return service.list_cases(call.query["status"], call.query.get("cursor"))


@route(bp, "/admin/account-mappings", "POST", request=AccountMapping, response=SupportCase, errors=(403, 404, 409))
def map_account(call: Call) -> SupportCase:
    """Link a support case's sign-in to a candidate record and resolve the case."""
    admin = call.require_admin()
    return service.map_account(call.body, admin.subject)


@route(bp, "/admin/candidates", query=CandidateQuery, response=CandidateSummary, errors=(403, 404))
def find_candidate(call: Call) -> CandidateSummary:
    """Find a candidate record by email (to resolve a mapping case)."""
    call.require_admin()
    return service.find_candidate(call.query["email"])


app = Chalice(app_name="certtrack-admin")
app.register_blueprint(common)
app.register_blueprint(bp)

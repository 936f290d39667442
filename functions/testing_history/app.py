"""Testing-history routes (guide §6); every route that takes a result id checks it is the caller's."""

from chalice import Blueprint, Chalice

from certtrack.certs.challenges import Challenge
from certtrack.models import Items
from certtrack.web import Call, common, route
from testing_history import service
from testing_history.models import ChallengeRequest, DocumentLink, ExamQuery, ExamResultOut

bp = Blueprint(__name__)


@route(bp, "/me/exams", query=ExamQuery, response=Items[ExamResultOut], errors=(400,))
def list_exams(call: Call) -> Items[ExamResultOut]:
    """Exam results sorted by date, exam, score or result, filtered by type and outcome, paginated."""
    return service.list_exams(call.candidate_id, call.query)


@route(bp, "/me/exams/{result_id}/score-report", response=DocumentLink, errors=(404,))
def score_report(call: Call) -> DocumentLink:
    """A short-lived link to the result's score report PDF."""
    return service.score_report_link(call.candidate_id, call.params["result_id"])


@route(
    bp,
    "/me/exams/{result_id}/challenges",
    "POST",
    request=ChallengeRequest,
    response=Challenge,
    status=201,
    errors=(400, 404, 409),
)
def challenge(call: Call) -> Challenge:
    """Challenge a score within the window after the exam; one open challenge per result."""
    return service.open_challenge(call.candidate_id, call.params["result_id"], call.body.reason)


@route(bp, "/me/challenges", response=Items[Challenge])
def challenges(call: Call) -> Items[Challenge]:
    """The caller's score challenges and their outcomes, newest first."""
    return service.challenges(call.candidate_id)


app = Chalice(app_name="certtrack-testing-history")
app.register_blueprint(common)
app.register_blueprint(bp)

"""Transcripts shared with third parties: the holder creates, lists, audits and revokes them; a
recipient opens one by its link or by its id and verification code, without signing in."""

from chalice import Blueprint, Chalice, Response

from certtrack.documents import transcript as document
from certtrack.models import Items
from certtrack.web import Call, common, route
from transcripts import service
from transcripts.models import (
    CodeCheck,
    SharedTranscript,
    Transcript,
    TranscriptCreated,
    TranscriptIn,
    TranscriptView,
    TranscriptViews,
)

bp = Blueprint(__name__)


@route(bp, "/me/transcripts", "POST", request=TranscriptIn, response=TranscriptCreated, status=201, errors=(400,))
def create(call: Call) -> TranscriptCreated:
    """Share a transcript: a link, and an id with a verification code to read over the phone."""
    return TranscriptCreated(**service.create(call.candidate_id, call.body))


@route(bp, "/me/transcripts", response=Items[Transcript])
def my_transcripts(call: Call) -> Items[Transcript]:
    """The candidate's shared transcripts, newest first, with their status and views."""
    return Items[Transcript](items=[Transcript(**t) for t in service.of_candidate(call.candidate_id)])


@route(bp, "/me/transcripts/{transcript_id}/views", response=TranscriptViews, errors=(404,))
def transcript_views(call: Call) -> TranscriptViews:
    """Each time the transcript was seen: when, how (link or code), the browser and country."""
    return TranscriptViews(
        items=[TranscriptView(**v) for v in service.views(call.candidate_id, call.params["transcript_id"])]
    )


@route(bp, "/me/transcripts/{transcript_id}", "DELETE", status=204, errors=(404,))
def revoke(call: Call) -> Response:
    """Withdraw the transcript at once (repeating it changes nothing)."""
    service.revoke(call.candidate_id, call.params["transcript_id"])
    return Response(body="", status_code=204)


def _seen(call: Call, how: str, found: tuple) -> SharedTranscript:
    item, profile = found
    shown = service.content(item, profile)
    service.record_view(
        item,
        how=how,
        address=call.client_address,
        user_agent=call.headers.get("user-agent"),
        country=call.headers.get("cloudfront-viewer-country"),
    )
    return SharedTranscript(**shown)


@route(bp, "/verify/transcripts/{token}", response=SharedTranscript, public=True, errors=(404, 410, 429))
def by_link(call: Call) -> SharedTranscript:
    """A shared transcript by its link, with the current status of each certification."""
    return _seen(call, "link", service.by_token(call.params["token"]))


@route(
    bp,
    "/verify/transcripts",
    "POST",
    request=CodeCheck,
    response=SharedTranscript,
    public=True,
    errors=(400, 404, 410, 429),
)
def by_code(call: Call) -> SharedTranscript:
    """A shared transcript by its id and verification code."""
    body: CodeCheck = call.body
    return _seen(call, "code", service.by_code(body.transcript_id, body.verification_code))


@route(bp, "/verify/transcripts/{token}/pdf", public=True, errors=(404, 410, 429), media_type="application/pdf")
def pdf(call: Call) -> Response:
    """The transcript as a printable PDF (counted as a view)."""
    token = call.params["token"]
    shown = _seen(call, "link", service.by_token(token)).model_dump(mode="json")
    body = document.render(shown, verify_url=service.link(token))
    return Response(
        body=body,
        headers={
            "Content-Type": "application/pdf",
            "Content-Disposition": f'inline; filename="transcript-{shown["transcript_id"]}.pdf"',
        },
    )


app = Chalice(app_name="certtrack-transcripts")
app.api.binary_types.append("application/pdf")
app.register_blueprint(common)
app.register_blueprint(bp)

"""The writes and look-ups of shared transcripts: created with their token pointer in one
transaction, found by token hash or by id (GSI1), revoked once, and each viewing recorded with the
count in one transaction."""

from certtrack import keys
from certtrack.store.items.account import ProfileItem
from certtrack.store.items.pointers import PointerItem
from certtrack.store.items.transcripts import TranscriptItem, TranscriptViewItem
from certtrack.store.table import Operation, Table

table = Table()


def create(transcript: TranscriptItem, token_hash: str, *also: Operation) -> None:
    """The transcript, its token pointer and `also` (its activity entry) in one transaction."""
    pointer = {
        **keys.share_token(token_hash),
        "type": "share_token",
        "candidate_id": transcript.candidate_id,
        "item_sk": transcript.sk,
    }
    table.transact(
        [
            Operation.create(
                {
                    **transcript.model_dump(exclude_none=True),
                    "type": "transcript",
                    **keys.transcript_by_id(transcript.transcript_id),
                },
                label="transcript",
            ),
            Operation.create(pointer, label="token"),
            *also,
        ],
        conflict="the transcript id or token was drawn before",
    )


def of_candidate(candidate_id: str) -> list[TranscriptItem]:
    return [
        TranscriptItem.from_item(i)
        for i in table.query_all(keys.candidate(candidate_id), begins_with=keys.TRANSCRIPT_PREFIX)
    ]


def by_id(transcript_id: str) -> TranscriptItem | None:
    page, _ = table.query(keys.transcript_by_id(transcript_id)["gsi1pk"], index="GSI1", limit=1)
    return TranscriptItem.from_item(page[0]) if page else None


def with_holder(candidate_id: str, transcript_id: str) -> tuple[TranscriptItem | None, ProfileItem | None]:
    """The transcript and its holder's profile, in one round trip."""
    found = {
        i["sk"]: i
        for i in table.batch_get([TranscriptItem.key_of(candidate_id, transcript_id), ProfileItem.key_of(candidate_id)])
    }
    transcript = found.get(keys.transcript(transcript_id))
    profile = found.get(keys.profile())
    return (
        TranscriptItem.from_item(transcript) if transcript else None,
        ProfileItem.from_item(profile) if profile else None,
    )


def get(candidate_id: str, transcript_id: str) -> TranscriptItem | None:
    found = table.get(TranscriptItem.key_of(candidate_id, transcript_id))
    return TranscriptItem.from_item(found) if found else None


def by_token(token_hash: str) -> PointerItem | None:
    found = table.get(keys.share_token(token_hash))
    return PointerItem.from_item(found) if found else None


def revoke(transcript: TranscriptItem, at: str) -> None:
    """Sets `revoked_at` unless it is set (a repeat keeps the first moment)."""
    table.update(
        transcript.key,
        "SET revoked_at = if_not_exists(revoked_at, :at)",
        condition="attribute_exists(pk)",
        values={":at": at},
    )


def record_view(transcript: TranscriptItem, view: TranscriptViewItem) -> None:
    table.transact(
        [
            Operation.create({**view.model_dump(exclude_none=True), "type": "transcript_view"}, label="view"),
            Operation.update(
                transcript.key,
                "ADD #views :one SET last_viewed_at = :at",
                condition="attribute_exists(pk)",
                names={"#views": "views"},
                values={":one": 1, ":at": view.at},
                label="transcript",
            ),
        ]
    )


def views(candidate_id: str, transcript_id: str) -> list[TranscriptViewItem]:
    """Newest first."""
    found = table.query_all(
        keys.candidate(candidate_id), begins_with=keys.transcript_views(transcript_id), forward=False
    )
    return [TranscriptViewItem.from_item(i) for i in found]

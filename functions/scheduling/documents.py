"""Receipt PDFs: rendered on first request (and again after a refund changes the receipt), kept in
the documents bucket, handed out as a presigned link like the certificates."""

from certtrack.accounts import repository as repo
from certtrack.documents import receipt as receipt_pdf
from certtrack.store import documents
from certtrack.store.items.account import ProfileItem
from scheduling import service
from scheduling.models import ReceiptLink


def receipt_link(candidate_id: str, receipt_id: str) -> ReceiptLink:
    receipt = service.receipt_item(candidate_id, receipt_id)
    key = receipt_pdf.key(candidate_id, receipt)
    if not documents.exists(key):
        profile = ProfileItem.from_item(repo.get_profile(candidate_id) or {})
        documents.put_pdf(key, receipt_pdf.render(receipt, holder=profile.full_name, candidate_id=candidate_id))
    filename = f"receipt-{receipt.number}.pdf"
    return ReceiptLink(url=documents.link(key, filename), expires_in=documents.LINK_SECONDS, filename=filename)

"""A certification's number: what its certificates print and its plaque is engraved with.

It names the certification, the holder and the day the unbroken holding began, so renewals (and
Emeritus status) keep it, and earning the certification again after a break gives a new one. Kept
apart from the certificate renderer so that the kits consumer does not load the PDF libraries.
"""


def certification_number(cert_id: str, candidate_id: str, held_since: str) -> str:
    return f"{cert_id.upper()}-{candidate_id.removeprefix('CSCO')}-{held_since.replace('-', '')}"

"""Public verification shapes."""

from datetime import date

from certtrack.models import Model


class CertificateCheck(Model):
    holder: str
    certification: str
    cert_id: str
    level: str
    certificate_number: str
    earned_on: date
    expires_on: date | None
    status: str
    checked_on: date

"""Public routes a third party uses to check a credential, with no sign-in."""

from datetime import date

from chalice import Blueprint, Chalice

from certtrack.certs import certificates
from certtrack.models import Model
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


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


@route(bp, "/verify/certificates/{code}", response=CertificateCheck, public=True, errors=(404,))
def verify_certificate(call: Call) -> CertificateCheck:
    """Who holds the certificate with this verification code, and whether it is current today."""
    return CertificateCheck(**certificates.verify(call.params["code"]))


app = Chalice(app_name="certtrack-verify")
app.register_blueprint(common)
app.register_blueprint(bp)

"""Public routes a third party uses to check a credential, with no sign-in."""

from chalice import Blueprint, Chalice

from certtrack.certs import certificates
from certtrack.web import Call, common, route
from verify.models import CertificateCheck

bp = Blueprint(__name__)


@route(bp, "/verify/certificates/{code}", response=CertificateCheck, public=True, errors=(404, 429))
def verify_certificate(call: Call) -> CertificateCheck:
    """Who holds the certificate with this verification code, and whether it is current today."""
    return CertificateCheck(**certificates.verify(call.params["code"]))


app = Chalice(app_name="certtrack-verify")
app.register_blueprint(common)
app.register_blueprint(bp)

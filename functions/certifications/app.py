"""Certification routes (guide §4) and the public catalog."""

from chalice import Blueprint, Chalice, Response

from certifications import service
from certifications.models import (
    Agreement,
    AgreementAcceptance,
    CatalogCertification,
    CertificateLink,
    CertificationDetail,
    CertificationList,
    CertificationOut,
    ExamOut,
    LogoLinks,
)
from certtrack import logos
from certtrack.certs import certificates
from certtrack.models import Items
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


#: The catalog changes only with a deploy; its ETag makes a browser's check after an hour cheap.
CATALOG_MAX_AGE = 3600


@route(bp, "/catalog/certifications", response=Items[CatalogCertification], public=True, max_age=CATALOG_MAX_AGE)
def catalog_certifications(call: Call) -> Items[CatalogCertification]:
    """Every certification of the programme with the exams that count toward it."""
    return service.catalog_certifications()


@route(bp, "/catalog/exams", response=Items[ExamOut], public=True, max_age=CATALOG_MAX_AGE)
def catalog_exams(call: Call) -> Items[ExamOut]:
    """Every exam of the programme (written and practical, with lab modules)."""
    return service.catalog_exams()


@route(bp, "/me/certifications", response=CertificationList)
def my_certifications(call: Call) -> CertificationList:
    """Certifications held or in progress: status, dates, requirements checklist, CE progress; and
    the agreement in force, accepted or not."""
    return service.my_certifications(call.candidate_id)


@route(bp, "/me/certifications/{cert_id}", response=CertificationDetail, errors=(404,))
def my_certification(call: Call) -> CertificationDetail:
    """One certification with its history (earned, recertified, expired, agreement)."""
    return service.my_certification(call.candidate_id, call.params["cert_id"])


@route(bp, "/me/certifications/{cert_id}/emeritus", "POST", response=CertificationOut, status=201, errors=(404, 409))
def request_emeritus(call: Call) -> Response:
    """Request Emeritus status instead of recertifying (expert certifications held 10 years without a
    break): the certification is no longer renewed and turns Emeritus when its cycle ends. A repeat
    changes nothing (200 with the request standing)."""
    answer, created = service.request_emeritus(call.candidate_id, call.params["cert_id"])
    return Response(body=answer.model_dump(mode="json"), status_code=201 if created else 200)


@route(bp, "/me/certifications/{cert_id}/certificate", response=CertificateLink, errors=(404, 409))
def certificate(call: Call) -> CertificateLink:
    """A short-lived link to the PDF certificate (active, unexpired certifications only)."""
    return CertificateLink(**certificates.link(call.candidate_id, call.params["cert_id"]))


@route(bp, "/me/certifications/{cert_id}/logos", response=LogoLinks, errors=(404, 409))
def logo_links(call: Call) -> LogoLinks:
    """Short-lived links to the certification's logos (light and dark, SVG and PNG), with the terms."""
    return LogoLinks(**logos.links(call.candidate_id, call.params["cert_id"]))


@route(bp, "/me/agreement", response=Agreement)
def get_agreement(call: Call) -> Agreement:
    """The current certification agreement and whether the caller accepted it."""
    return service.agreement(call.candidate_id)


@route(bp, "/me/agreement", "POST", request=AgreementAcceptance, response=Agreement, errors=(400,))
def accept_agreement(call: Call) -> Agreement:
    """Accept the current agreement version; pending certifications become active."""
    return service.accept(call.candidate_id, call.body)


app = Chalice(app_name="certtrack-certifications")
app.register_blueprint(common)
app.register_blueprint(bp)

"""XML signatures: a country with a key signs what it sends (the stored bytes are the signed bytes); the inbox
verifies a focal point's messages against its pinned certificate only, never the one a message carries. Keys
and self-signed certificates are made here at test time."""

from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import XMLSigner, XMLVerifier
from signxml.exceptions import SignXMLException

from alerts.cap import CAP
from alerts.checks import signing_keys_check
from alerts.models import Alert, RejectedMessage
from alerts.signing import DS, certificate_error
from alerts.validation import cap_schema, parse_safely

from .conftest import draft_payload, token_header
from .test_inbox import _message

pytestmark = pytest.mark.django_db


class Pair:
    """A private key and its self-signed certificate, in memory and as PEM files."""

    def __init__(self, folder, name, elliptic=False):
        self.key = ec.generate_private_key(ec.SECP256R1()) if elliptic else rsa.generate_private_key(65537, 2048)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = datetime.now(UTC)
        self.cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                     .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
                     .sign(self.key, hashes.SHA256()))
        self.key_pem = self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())
        self.cert_pem = self.cert.public_bytes(serialization.Encoding.PEM).decode()
        self.paths = {"key": str(folder / f"{name}.key"), "cert": str(folder / f"{name}.pem")}
        (folder / f"{name}.key").write_bytes(self.key_pem)
        (folder / f"{name}.pem").write_text(self.cert_pem)

    def sign(self, body: bytes) -> bytes:
        signed = XMLSigner(c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#").sign(
            etree.fromstring(body), key=self.key_pem, cert=self.cert_pem)
        return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def kgz_pair(tmp_path):
    return Pair(tmp_path, "kgz", elliptic=True)


@pytest.fixture
def uzb_pair(tmp_path):
    return Pair(tmp_path, "uzb")


def _verified(data: bytes, cert_pem: str):
    root = parse_safely(data)
    assert cap_schema().validate(root), cap_schema().error_log
    assert root.find(DS + "Signature") is not None
    return XMLVerifier().verify(data, x509_cert=cert_pem).signed_xml


def test_a_country_with_a_key_signs_what_it_sends(client, settings, kgz_issuer, focal_points, kgz_pair, uzb_pair):
    settings.CAP_SIGNING = {"KGZ": kgz_pair.paths, "UZB": uzb_pair.paths}
    headers = token_header(kgz_issuer)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    sent = client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).json()
    for track in ("national", "regional"):
        alert = Alert.objects.get(pk=sent[track]["id"])
        signed = _verified(bytes(alert.xml), kgz_pair.cert_pem)
        assert signed.findtext(CAP + "identifier") == alert.identifier
        with pytest.raises(SignXMLException):
            XMLVerifier().verify(bytes(alert.xml), x509_cert=uzb_pair.cert_pem)
    national = Alert.objects.get(pk=sent["national"]["id"])
    assert client.get(f"/cap/alerts/{national.identifier}.xml").content == bytes(national.xml)
    # On the neighbour's own node its Ack is signed with the neighbour's key.
    settings.ATLAS_NODE_COUNTRY = "UZB"
    ack = client.post(f"/api/v1/alerts/{sent['regional']['id']}/acknowledge/", {"note": "ok"},
                      content_type="application/json", **token_header(focal_points["UZB"].user)).json()
    _verified(bytes(Alert.objects.get(identifier=ack["message"]).xml), uzb_pair.cert_pem)


def test_a_country_without_a_key_sends_unsigned(client, settings, kgz_issuer, focal_points, uzb_pair):
    settings.CAP_SIGNING = {"UZB": uzb_pair.paths}
    headers = token_header(kgz_issuer)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    national = client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).json()["national"]
    assert parse_safely(bytes(Alert.objects.get(pk=national["id"]).xml)).find(DS + "Signature") is None


def _post(client, point, body):
    return client.post("/cap/inbox/", body, content_type="application/cap+xml", **token_header(point.user))


@pytest.fixture
def pinned(focal_points, uzb_pair):
    point = focal_points["UZB"]
    point.certificate = uzb_pair.cert_pem
    point.save()
    return point


def test_the_inbox_accepts_a_message_signed_with_the_pinned_certificates_key(client, pinned, uzb_pair):
    response = _post(client, pinned, uzb_pair.sign(_message()))
    assert response.status_code == 201, response.content
    assert Alert.objects.get(pk=response.json()["id"]).identifier == "urn:oid:2.49.0.1.860.9.1"


REFUSED_BODIES = {
    "unsigned": (lambda tmp_path, pair: _message(), False),
    "another key with its own certificate": (lambda tmp_path, pair: Pair(tmp_path, "impostor").sign(_message()), True),
    "altered after signing": (
        lambda tmp_path, pair: pair.sign(_message()).replace(b"cesdrr-centre", b"kgz-mchs"), True),
}


@pytest.mark.parametrize("how", list(REFUSED_BODIES))
def test_the_inbox_refuses_what_the_pinned_certificate_does_not_verify(client, tmp_path, pinned, uzb_pair, how):
    make, carries_certificate = REFUSED_BODIES[how]
    body = make(tmp_path, uzb_pair)
    assert (b"X509Certificate" in body) is carries_certificate
    response = _post(client, pinned, body)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/cap+xml"
    reply = parse_safely(response.content)
    assert cap_schema().validate(reply)
    assert [reply.findtext(CAP + name) for name in ("msgType", "addresses", "references")] == \
        ["Error", "uzb-mchs", "uzb@cap.uz.example,urn:oid:2.49.0.1.860.9.1,2025-04-01T10:00:00+05:00"]
    assert not Alert.objects.filter(identifier="urn:oid:2.49.0.1.860.9.1").exists()
    kept = RejectedMessage.objects.get()
    assert bytes(kept.data) == body
    assert kept.error == ("unsigned" if how == "unsigned" else "bad_signature")


def test_a_focal_point_without_a_certificate_may_send_unsigned(client, focal_points):
    assert _post(client, focal_points["UZB"], _message()).status_code == 201


def test_bad_signing_settings_fail_at_start_up(settings, tmp_path, uzb_pair):
    settings.CAP_SIGNING = {"UZB": uzb_pair.paths}
    assert signing_keys_check() == []
    settings.CAP_SIGNING = {"UZB": {"key": str(tmp_path / "missing.key"), "cert": uzb_pair.paths["cert"]}}
    assert [error.id for error in signing_keys_check()] == ["alerts.E001"]
    assert certificate_error(uzb_pair.cert_pem) is None
    assert certificate_error("not a certificate")

"""Enveloped XML signatures of CAP messages (signxml), as CAP 1.2 §3.3.2.1 describes them.

Outgoing: a country with a key and certificate in CAP_SIGNING (ATLAS_CAP_SIGNING) signs every message it sends;
the stored bytes are the signed bytes. Incoming: where a focal point has a pinned certificate, its messages must
be signed with that certificate's key — the certificate a message carries in its KeyInfo is never trusted."""

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from cryptography.x509 import load_pem_x509_certificate
from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree
from signxml import (
    CanonicalizationMethod,
    DigestAlgorithm,
    SignatureConfiguration,
    SignatureMethod,
    XMLSigner,
    XMLVerifier,
    methods,
)
from signxml.exceptions import SignXMLException

from hazards.errors import Forbidden

from .legacy import cap_version

DS = "{http://www.w3.org/2000/09/xmldsig#}"
C14N = CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0
ALGORITHMS = frozenset({SignatureMethod.RSA_SHA256, SignatureMethod.RSA_SHA384, SignatureMethod.RSA_SHA512,
                        SignatureMethod.ECDSA_SHA256, SignatureMethod.ECDSA_SHA384, SignatureMethod.ECDSA_SHA512})


def signing_files(iso3: str | None) -> tuple[bytes, bytes] | None:
    """The (private key, certificate) PEM of a country that signs its messages (of the hub's own messages for
    None: the key "HUB"), None if it does not."""
    pair = settings.CAP_SIGNING.get((iso3 or "HUB").upper())
    if not pair:
        return None
    return Path(pair["key"]).read_bytes(), Path(pair["cert"]).read_bytes()


def sign(xml: bytes, iso3: str | None) -> bytes:
    """`xml` with an enveloped signature of `iso3`'s key (exclusive c14n, SHA-256), or unchanged when the country
    has no key. The result must be stored and sent byte for byte."""
    files = signing_files(iso3)
    if files is None:
        return xml
    key, cert = files
    elliptic = isinstance(load_pem_private_key(key, None), ec.EllipticCurvePrivateKey)
    algorithm = SignatureMethod.ECDSA_SHA256 if elliptic else SignatureMethod.RSA_SHA256
    signer = XMLSigner(method=methods.enveloped, signature_algorithm=algorithm,
                       digest_algorithm=DigestAlgorithm.SHA256, c14n_algorithm=C14N)
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    signed = signer.sign(root, key=key, cert=cert.decode())
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


def certificate_error(pem: str) -> str | None:
    """Why a pinned certificate is unusable (None when it loads)."""
    try:
        load_pem_x509_certificate(pem.strip().encode())
    except ValueError:
        return _("not a PEM X.509 certificate")
    return None


def verified_root(data: bytes, root: etree._Element, certificate: str, who: str) -> etree._Element:
    """The signed content of a message that must carry an enveloped signature verifiable with `certificate` (the
    pinned PEM of focal point `who`). Raises Forbidden: unsigned, or not signed by that certificate's key."""
    if root.find(DS + "Signature") is None:
        raise Forbidden("unsigned", _("messages of %(who)s must be signed: a certificate is registered for it")
                        % {"who": who}, reasons=[_("the message carries no XML signature")])
    config = SignatureConfiguration(require_x509=True, location="./", expect_references=1,
                                    signature_methods=ALGORITHMS)
    try:
        result = XMLVerifier().verify(data, x509_cert=certificate, expect_config=config)
    except (SignXMLException, ValueError) as exc:
        raise Forbidden("bad_signature", _("the signature does not verify with the certificate registered for "
                                           "%(who)s") % {"who": who}, reasons=[
            _("the signature does not verify with the registered certificate: %(error)s") % {"error": exc}]) from None
    if isinstance(result, list):  # signxml returns a list only when more than one reference is expected
        raise TypeError("verify returned several results for expect_references=1")
    signed = result.signed_xml
    if signed is None or cap_version(signed) is None:  # a CAP 1.2, 1.1 or 1.0 alert
        raise Forbidden("bad_signature", _("the signature must cover the whole CAP message"),
                        reasons=[_("the signature must cover the whole CAP message")])
    return signed

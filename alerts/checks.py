"""Start-up checks of the early-warning settings: a signing key or certificate that cannot be read fails fast,
with the setting to fix, instead of at the first alert sent."""

from django.conf import settings
from django.core import checks


def signing_keys_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from cryptography.x509 import load_pem_x509_certificate

    errors = []
    for iso3, pair in settings.CAP_SIGNING.items():
        try:
            with open(pair["key"], "rb") as key, open(pair["cert"], "rb") as cert:
                load_pem_private_key(key.read(), None)
                load_pem_x509_certificate(cert.read())
        except (OSError, ValueError, TypeError) as exc:
            errors.append(checks.Error(f"ATLAS_CAP_SIGNING[{iso3}]: {exc}", id="alerts.E001",
                                       hint="point key and cert at readable PEM files (an unencrypted private key "
                                            "and its X.509 certificate)"))
    return errors

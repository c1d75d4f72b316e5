"""The client's address, the same everywhere the atlas uses one (the sign-in lockout, the password-reset
throttle): REMOTE_ADDR, unless the request comes from a trusted proxy (ATLAS_TRUSTED_PROXIES), in which case
the proxy's X-Forwarded-For says who its client was. A header from anyone else is ignored, so a client cannot
choose the address it is counted under."""

import ipaddress
from functools import cache

from django.conf import settings


@cache
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address) -> bool:
    return address is not None and any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def remote_address(request):
    """The address of the peer that sent the request (a proxy, or the client itself), None if unreadable."""
    return _address(request.META.get("REMOTE_ADDR", ""))


def client_address(request) -> str:
    """The address the request is counted under. From a trusted proxy: X-Forwarded-For read from the right, the
    first address that is not itself a trusted proxy (nginx writes exactly one, deploy/nginx.conf); an unreadable
    entry ends the walk at the proxy itself."""
    remote = request.META.get("REMOTE_ADDR", "")
    current = _address(remote)
    if not is_trusted_proxy(current):
        return remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = _address(entry)
        if hop is None:
            break
        current = hop
        if not is_trusted_proxy(hop):
            break
    return str(current)

"""Which address a request comes from, believing X-Forwarded-For only from a trusted proxy.

The rules are uvicorn's ProxyHeadersMiddleware's (`forwarded_allow_ips`): when the direct peer
is a trusted proxy, the client is the first address in X-Forwarded-For, read from the right,
that is not itself a trusted proxy (each proxy appends the address it saw); when every one is
trusted, the leftmost. From any other peer the header is ignored: anyone can write it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.requests import Request

MAX_LENGTH = 64  # longer than any address; a forged name longer than this is cut


def is_trusted_proxy(client: str, trusted: Iterable[str]) -> bool:
    """Whether `client` is one of the trusted addresses or inside one of the trusted networks."""
    trusted = list(trusted)
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client in trusted  # a name (tests' "testclient"), matched exactly
    for entry in trusted:
        try:
            if address in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue  # a name: it cannot match an address
    return False


def client_address(request: Request, trusted: Iterable[str]) -> str:
    """The client's address ("" if the server does not know it), through trusted proxies only."""
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for")
    trusted = list(trusted)
    if not forwarded or not trusted or not is_trusted_proxy(peer, trusted):
        return peer
    hosts = [host.strip() for host in forwarded.split(",")]
    client = next((host for host in reversed(hosts) if not is_trusted_proxy(host, trusted)), hosts[0])
    return client[:MAX_LENGTH] if client else peer

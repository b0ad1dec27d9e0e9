"""Which addresses the link fetcher may connect to: public unicast only.

Python's `ip.is_global` depends on the Python release (3.11.7 calls 6to4 `2002::/16`,
site-local `fec0::/10` and the new documentation prefix `3fff::/20` global), so the
special-purpose ranges of IANA's IPv4 and IPv6 registries are listed here and refused
whatever Python says, on top of its private, loopback, link-local, multicast and reserved
checks. Addresses that carry an IPv4 address inside are judged by it: IPv4-mapped
(`::ffff:a.b.c.d`) and NAT64 (`64:ff9b::a.b.c.d`, what a DNS64 resolver answers for an
IPv4-only site) — `64:ff9b::7f00:1` is 127.0.0.1. 6to4 and Teredo, which tunnel to an IPv4
address the address names, are refused outright.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

SPECIAL_PURPOSE_V4 = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",  # this network
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local (cloud metadata lives here)
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.31.196.0/24",  # AS112-v4
        "192.52.193.0/24",  # AMT
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "192.168.0.0/16",  # private
        "192.175.48.0/24",  # direct delegation AS112
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
    )
)
SPECIAL_PURPOSE_V6 = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "::/96",  # unspecified, loopback, and deprecated IPv4-compatible addresses
        "64:ff9b:1::/48",  # local-use IPv4/IPv6 translation
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments (Teredo 2001::/32 among them)
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4: tunnels to the IPv4 address in bits 16-48
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing (SRv6) SIDs
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped or NAT64 address stands for; None for others."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(ip.packed[-4:])
    return None


def is_public_address(ip: IPAddress) -> bool:
    """Only globally routable unicast addresses, IPv4 inside IPv6 judged as IPv4."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            return is_public_address(inner)
        if ip.scope_id or any(ip in net for net in SPECIAL_PURPOSE_V6):
            return False
    elif any(ip in net for net in SPECIAL_PURPOSE_V4):
        return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )

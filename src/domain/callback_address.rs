//! Where a partner's callbacks may go: a server on the public internet,
//! never this bureau's own network. A callback address naming loopback,
//! a private or link-local range (169.254.169.254 is the cloud metadata
//! service) would let whoever registers a partner make the server post to
//! its neighbours and read, from the attempts, which of them answer.
//!
//! The address is judged by where its host resolves, at registration and
//! again at every delivery (a name may point elsewhere tomorrow). An
//! administrator may allow named internal hosts explicitly (a partner
//! reached over a private link, a test's own receiver).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The kinds of address a callback may not go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Internal {
    /// `0.0.0.0/8`, `::`: "this host".
    Unspecified,
    /// `127.0.0.0/8`, `::1`.
    Loopback,
    /// `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, `fc00::/7`.
    Private,
    /// `169.254.0.0/16`, `fe80::/10`.
    LinkLocal,
    /// `100.64.0.0/10`, a carrier's network.
    SharedAddressSpace,
    /// `224.0.0.0/4`, `ff00::/8`.
    Multicast,
    /// Special-purpose ranges that are no partner's server: protocol
    /// assignments, benchmarking, documentation, reserved, broadcast.
    Reserved,
}

impl Internal {
    pub fn key(self) -> &'static str {
        match self {
            Internal::Unspecified => "unspecified",
            Internal::Loopback => "loopback",
            Internal::Private => "private",
            Internal::LinkLocal => "link_local",
            Internal::SharedAddressSpace => "shared_address_space",
            Internal::Multicast => "multicast",
            Internal::Reserved => "reserved",
        }
    }
}

/// The kind of internal address `ip` is; None for a public address.
/// IPv4 written inside IPv6 (mapped, or NAT64's `64:ff9b::/96`) is judged
/// as the IPv4 address it carries.
pub fn internal(ip: IpAddr) -> Option<Internal> {
    match ip.to_canonical() {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => internal_v6(v6),
    }
}

fn internal_v4(ip: Ipv4Addr) -> Option<Internal> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, ..) => Internal::Unspecified,
        (127, ..) => Internal::Loopback,
        (10, ..) | (192, 168, _) => Internal::Private,
        (172, 16..=31, _) => Internal::Private,
        (169, 254, _) => Internal::LinkLocal,
        (100, 64..=127, _) => Internal::SharedAddressSpace,
        (224..=239, ..) => Internal::Multicast,
        (240..=255, ..) => Internal::Reserved,
        (192, 0, 0) | (192, 0, 2) | (198, 51, 100) | (203, 0, 113) | (198, 18..=19, _) => Internal::Reserved,
        _ => return None,
    })
}

fn internal_v6(ip: Ipv6Addr) -> Option<Internal> {
    let segments = ip.segments();
    if ip.is_unspecified() {
        return Some(Internal::Unspecified);
    }
    if ip.is_loopback() {
        return Some(Internal::Loopback);
    }
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [a, b] = segments[6].to_be_bytes();
        let [c, d] = segments[7].to_be_bytes();
        return internal_v4(Ipv4Addr::new(a, b, c, d));
    }
    Some(match segments[0] {
        0xfc00..=0xfdff => Internal::Private,
        0xfe80..=0xfebf => Internal::LinkLocal,
        0xff00..=0xffff => Internal::Multicast,
        // Documentation (2001:db8::/32), and the IPv4-compatible and other
        // assignments under ::/8.
        0x2001 if segments[1] == 0x0db8 => Internal::Reserved,
        0x0000..=0x00ff => Internal::Reserved,
        _ => return None,
    })
}

/// Why a callback address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Its host is, or resolves to, an internal address of this kind.
    Internal(Internal),
    /// Its host resolves to no address at all.
    Unresolved,
}

impl Refusal {
    /// What is recorded of a refused delivery: the reason, never the
    /// network's own error.
    pub fn describe(self) -> String {
        match self {
            Refusal::Internal(kind) => format!("refused: the callback address is {} (internal)", kind.key()),
            Refusal::Unresolved => "refused: the callback address's host resolves to no address".to_string(),
        }
    }
}

/// Whether a callback may go to `host` (as the URL has it, brackets around
/// IPv6 left off), which resolved to `resolved`: every address must be
/// public, unless the host is one `allowed` names (case aside).
pub fn check(host: &str, resolved: &[IpAddr], allowed: &[String]) -> Result<(), Refusal> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if allowed.iter().any(|a| a.trim_start_matches('[').trim_end_matches(']').eq_ignore_ascii_case(host)) {
        return Ok(());
    }
    if resolved.is_empty() {
        return Err(Refusal::Unresolved);
    }
    match resolved.iter().find_map(|ip| internal(*ip)) {
        Some(kind) => Err(Refusal::Internal(kind)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn kind(s: &str) -> Option<Internal> {
        internal(ip(s))
    }

    #[test]
    fn loopback_private_link_local_and_this_host_are_internal() {
        assert_eq!(kind("127.0.0.1"), Some(Internal::Loopback));
        assert_eq!(kind("127.255.255.254"), Some(Internal::Loopback));
        assert_eq!(kind("::1"), Some(Internal::Loopback));
        assert_eq!(kind("0.0.0.0"), Some(Internal::Unspecified));
        assert_eq!(kind("::"), Some(Internal::Unspecified));
        for private in ["10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "fd12:3456::1", "fc00::1"] {
            assert_eq!(kind(private), Some(Internal::Private), "{private}");
        }
        assert_eq!(kind("169.254.169.254"), Some(Internal::LinkLocal), "the cloud metadata service");
        assert_eq!(kind("fe80::1"), Some(Internal::LinkLocal));
        assert_eq!(kind("100.64.0.1"), Some(Internal::SharedAddressSpace));
    }

    #[test]
    fn multicast_broadcast_and_special_ranges_are_no_partners_server() {
        assert_eq!(kind("224.0.0.1"), Some(Internal::Multicast));
        assert_eq!(kind("ff02::1"), Some(Internal::Multicast));
        for reserved in ["255.255.255.255", "240.0.0.1", "192.0.2.10", "198.51.100.7", "203.0.113.9", "198.18.0.1"] {
            assert_eq!(kind(reserved), Some(Internal::Reserved), "{reserved}");
        }
        assert_eq!(kind("2001:db8::1"), Some(Internal::Reserved));
    }

    #[test]
    fn ipv4_inside_ipv6_is_judged_as_the_ipv4_it_carries() {
        assert_eq!(kind("::ffff:127.0.0.1"), Some(Internal::Loopback));
        assert_eq!(kind("::ffff:169.254.169.254"), Some(Internal::LinkLocal));
        assert_eq!(kind("64:ff9b::a00:1"), Some(Internal::Private), "NAT64 of 10.0.0.1");
        assert_eq!(kind("64:ff9b::808:808"), None, "NAT64 of 8.8.8.8");
        assert_eq!(kind("::127.0.0.1"), Some(Internal::Reserved), "IPv4-compatible");
    }

    #[test]
    fn public_addresses_are_not_internal() {
        for public in
            ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "169.253.1.1", "2400:3200::1", "2001:4860::8888"]
        {
            assert_eq!(kind(public), None, "{public}");
        }
    }

    #[test]
    fn every_address_a_host_resolves_to_must_be_public() {
        let public = [ip("203.0.114.5")];
        assert_eq!(check("partner.example.cn", &public, &[]), Ok(()));
        let mixed = [ip("203.0.114.5"), ip("10.0.0.8")];
        assert_eq!(check("partner.example.cn", &mixed, &[]), Err(Refusal::Internal(Internal::Private)));
        assert_eq!(check("partner.example.cn", &[], &[]), Err(Refusal::Unresolved));
        assert_eq!(check("127.0.0.1", &[ip("127.0.0.1")], &[]), Err(Refusal::Internal(Internal::Loopback)));
    }

    #[test]
    fn a_host_an_administrator_allowed_is_taken_whatever_it_resolves_to() {
        let allowed = ["receiver.internal".to_string(), "127.0.0.1".to_string(), "[::1]".to_string()];
        assert_eq!(check("Receiver.Internal", &[ip("10.1.2.3")], &allowed), Ok(()));
        assert_eq!(check("127.0.0.1", &[ip("127.0.0.1")], &allowed), Ok(()));
        assert_eq!(check("[::1]", &[ip("::1")], &allowed), Ok(()));
        assert_eq!(check("127.0.0.2", &[ip("127.0.0.2")], &allowed), Err(Refusal::Internal(Internal::Loopback)));
    }

    #[test]
    fn a_refusal_is_described_without_the_networks_words() {
        assert_eq!(
            Refusal::Internal(Internal::LinkLocal).describe(),
            "refused: the callback address is link_local (internal)"
        );
        assert!(Refusal::Unresolved.describe().starts_with("refused: "));
    }
}

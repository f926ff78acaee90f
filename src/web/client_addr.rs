//! The address of the client, as far as it can be known: behind a load
//! balancer the TCP peer is the proxy, and the client's address is in the
//! headers the proxy adds. Those headers are believed only when the peer is
//! one of `TRUSTED_PROXIES`; anyone else could write whatever they like.

use super::error::AppError;
use super::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// The client's IP address (see [`client_ip`] for how it is chosen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip())
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("served without connect info: no peer address")))?;
        Ok(ClientAddr(client_ip(peer, &parts.headers, &state.config.trusted_proxies)))
    }
}

pub const X_FORWARDED_FOR: &str = "x-forwarded-for";
pub const X_REAL_IP: &str = "x-real-ip";

/// The headers' part of [`client_addr_from`]: every `X-Forwarded-For` line in
/// order (several lines mean the same as one joined with commas), and
/// `X-Real-IP`. Bytes that are not text make their entry unreadable.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let forwarded: Vec<String> =
        headers.get_all(X_FORWARDED_FOR).iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect();
    let forwarded: Vec<&str> = forwarded.iter().map(String::as_str).collect();
    let real_ip = headers.get(X_REAL_IP).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    client_addr_from(peer, &forwarded, real_ip.as_deref(), trusted)
}

/// Chooses the client's address.
///
/// - A peer that is not a trusted proxy is the client; its headers are ignored.
/// - Otherwise `X-Forwarded-For` is read from the right, since each proxy
///   appends the address it received the request from: entries on the left
///   were written by the client and may be anything. Trusted proxies are
///   skipped; the first other address is the client.
/// - If the header is missing, holds only trusted proxies, or reaches an
///   entry that is not an address before finding the client, `X-Real-IP`
///   (which the nearest proxy sets) is used, and failing that the peer.
pub fn client_addr_from(peer: IpAddr, forwarded_for: &[&str], real_ip: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.contains(ip);
    if !is_trusted(&peer) {
        return peer;
    }
    // HTTP allows empty list elements; they mean nothing.
    let entries: Vec<&str> =
        forwarded_for.iter().flat_map(|line| line.split(',')).map(str::trim).filter(|e| !e.is_empty()).collect();
    let mut forwarded_client = None;
    for entry in entries.into_iter().rev() {
        match parse_address(entry) {
            Some(ip) if is_trusted(&ip) => continue,
            Some(ip) => {
                forwarded_client = Some(ip);
                break;
            }
            // No trusted proxy wrote this, so nothing to its left can be placed.
            None => break,
        }
    }
    forwarded_client.or_else(|| real_ip.and_then(parse_address)).unwrap_or(peer)
}

/// An address as proxies write it: `203.0.113.7`, `2001:db8::1`, or with a
/// port (`203.0.113.7:4711`, `[2001:db8::1]:4711`). IPv4 addresses mapped
/// into IPv6 count as the IPv4 address.
fn parse_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    let ip = entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| entry.strip_prefix('[').and_then(|e| e.strip_suffix(']')).and_then(|e| e.parse().ok()))?;
    Some(ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    const PROXY: &str = "10.0.0.2";

    fn via_proxy(forwarded_for: &[&str], real_ip: Option<&str>) -> IpAddr {
        client_addr_from(ip(PROXY), forwarded_for, real_ip, &[ip(PROXY)])
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_is_the_client_whatever_it_claims() {
        let trusted = [ip(PROXY)];
        let claimed = client_addr_from(ip("198.51.100.9"), &["203.0.113.7"], Some("203.0.113.8"), &trusted);
        assert_eq!(claimed, ip("198.51.100.9"));
        assert_eq!(client_addr_from(ip("198.51.100.9"), &["203.0.113.7"], None, &[]), ip("198.51.100.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_forwarded_address_is_the_client() {
        assert_eq!(via_proxy(&["203.0.113.7"], Some("10.9.9.9")), ip("203.0.113.7"));
    }

    #[test]
    fn addresses_the_client_wrote_on_the_left_are_ignored() {
        // The client sent "X-Forwarded-For: 1.1.1.1, 2.2.2.2"; the proxy
        // appended the address it saw.
        assert_eq!(via_proxy(&["1.1.1.1, 2.2.2.2, 203.0.113.7"], None), ip("203.0.113.7"));
        assert_eq!(via_proxy(&["garbage, 203.0.113.7"], None), ip("203.0.113.7"), "left of the client, anything goes");
    }

    #[test]
    fn a_chain_of_trusted_proxies_is_walked_through() {
        let trusted = [ip(PROXY), ip("10.0.0.1"), ip("2001:db8::10")];
        let client = client_addr_from(ip(PROXY), &["9.9.9.9, 203.0.113.7, 2001:db8::10, 10.0.0.1"], None, &trusted);
        assert_eq!(client, ip("203.0.113.7"));
    }

    #[test]
    fn several_header_lines_read_as_one_list() {
        assert_eq!(via_proxy(&["1.1.1.1", "203.0.113.7"], None), ip("203.0.113.7"));
    }

    #[test]
    fn ipv6_and_ports_are_understood() {
        assert_eq!(via_proxy(&["2001:db8::7"], None), ip("2001:db8::7"));
        assert_eq!(via_proxy(&["[2001:db8::7]:4711"], None), ip("2001:db8::7"));
        assert_eq!(via_proxy(&["[2001:db8::7]"], None), ip("2001:db8::7"));
        assert_eq!(via_proxy(&["203.0.113.7:4711"], None), ip("203.0.113.7"));
        assert_eq!(via_proxy(&["::ffff:203.0.113.7"], None), ip("203.0.113.7"), "mapped IPv4 is IPv4");
    }

    #[test]
    fn a_trusted_peer_on_a_mapped_ipv6_address_is_still_trusted() {
        let client = client_addr_from(ip("::ffff:10.0.0.2"), &["203.0.113.7"], None, &[ip(PROXY)]);
        assert_eq!(client, ip("203.0.113.7"));
    }

    #[test]
    fn garbage_where_the_client_should_be_falls_back_to_x_real_ip_then_the_peer() {
        assert_eq!(via_proxy(&["unknown"], Some("203.0.113.8")), ip("203.0.113.8"));
        assert_eq!(via_proxy(&["203.0.113.7, nonsense"], Some("203.0.113.8")), ip("203.0.113.8"));
        assert_eq!(via_proxy(&["nonsense"], None), ip(PROXY));
        assert_eq!(via_proxy(&["nonsense"], Some("also nonsense")), ip(PROXY));
        assert_eq!(via_proxy(&["203.0.113.7\u{fffd}"], None), ip(PROXY), "bytes that are not text");
    }

    #[test]
    fn empty_list_elements_are_skipped() {
        assert_eq!(via_proxy(&[", 203.0.113.7,"], None), ip("203.0.113.7"));
    }

    #[test]
    fn without_the_header_x_real_ip_then_the_peer_is_used() {
        assert_eq!(via_proxy(&[], Some("203.0.113.8")), ip("203.0.113.8"));
        assert_eq!(via_proxy(&[], Some(" 2001:db8::8 ")), ip("2001:db8::8"));
        assert_eq!(via_proxy(&[], None), ip(PROXY));
        assert_eq!(via_proxy(&[""], None), ip(PROXY));
    }

    #[test]
    fn a_header_of_trusted_proxies_only_falls_back() {
        assert_eq!(via_proxy(&[PROXY], Some("203.0.113.8")), ip("203.0.113.8"));
        assert_eq!(via_proxy(&[PROXY], None), ip(PROXY));
    }

    #[test]
    fn headers_are_read_from_the_request() {
        let mut headers = HeaderMap::new();
        headers.append(X_FORWARDED_FOR, "1.1.1.1".parse().unwrap());
        headers.append(X_FORWARDED_FOR, "203.0.113.7".parse().unwrap());
        headers.insert(X_REAL_IP, "203.0.113.8".parse().unwrap());
        assert_eq!(client_ip(ip(PROXY), &headers, &[ip(PROXY)]), ip("203.0.113.7"));
        headers.remove(X_FORWARDED_FOR);
        assert_eq!(client_ip(ip(PROXY), &headers, &[ip(PROXY)]), ip("203.0.113.8"));
        headers.insert(X_FORWARDED_FOR, axum::http::HeaderValue::from_bytes(b"203.0.113.\xff").unwrap());
        assert_eq!(client_ip(ip(PROXY), &headers, &[ip(PROXY)]), ip("203.0.113.8"), "not text: unreadable");
    }
}

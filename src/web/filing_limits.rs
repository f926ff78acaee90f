//! How often citizens may file. Filing needs no account, and each filing
//! texts the mobile it names: unlimited, one client could file hundreds a
//! second and send them all to one victim's phone. Filings are counted per
//! client address, per mobile and per resident ID number, generously
//! enough for a family sharing a phone, and only on the citizens' own
//! channels: an agent's intake, a partner's transfer and an Open311 client
//! (each with an account or a key of their own) are not limited here.
//!
//! Like the lookup throttle, the counts live in each instance's memory (a
//! load balancer with N instances allows N times as many), keyed by a
//! digest of the mobile or ID under a key drawn at start, so no number is
//! held in clear.

use super::throttle::{Counter, Throttled};
use crate::domain::complaint::ComplaintInput;
use crate::domain::mobile::Mobile;
use crate::domain::resident_id::ResidentId;
use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::IpAddr;
use std::time::Duration;

/// After its first filings (`FILINGS_PER_ADDRESS`, 30 by default), one
/// client address files one more every 2 minutes.
pub const ADDRESS_REFILL: Duration = Duration::from_secs(120);
/// After its first filings (`FILINGS_PER_PERSON`, 5 by default), one mobile
/// or one resident ID number files one more every 12 minutes (5 an hour).
pub const PERSON_REFILL: Duration = Duration::from_secs(12 * 60);

/// What ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    Address(Throttled),
    Mobile(Throttled),
    IdNumber(Throttled),
}

pub struct FilingLimits {
    by_address: Counter<IpAddr>,
    by_mobile: Counter<[u8; 32]>,
    by_id_number: Counter<[u8; 32]>,
    digest_key: [u8; 32],
}

impl FilingLimits {
    pub fn new(per_address: u32, per_person: u32) -> FilingLimits {
        let mut digest_key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut digest_key);
        FilingLimits {
            by_address: Counter::new(per_address, ADDRESS_REFILL),
            by_mobile: Counter::new(per_person, PERSON_REFILL),
            by_id_number: Counter::new(per_person, PERSON_REFILL),
            digest_key,
        }
    }

    /// Counts one citizen's filing about to be made; refused when the
    /// address, the mobile or the ID number has filed too often. A mobile
    /// or ID that does not parse is not counted: the filing will fail on it.
    pub fn take(&self, address: IpAddr, input: &ComplaintInput, today: NaiveDate) -> Result<(), Limited> {
        let mobile = Mobile::parse(&input.complainant_mobile).ok().map(|m| self.digest(b"mobile", m.as_str()));
        let id_number = ResidentId::parse(&input.complainant_id_number, today)
            .ok()
            .map(|id| self.digest(b"id_number", id.as_str()));
        // Nothing is counted while any of them is blocked.
        if let Some(t) = self.by_address.blocked(&address) {
            return Err(Limited::Address(t));
        }
        if let Some(t) = mobile.as_ref().and_then(|m| self.by_mobile.blocked(m)) {
            return Err(Limited::Mobile(t));
        }
        if let Some(t) = id_number.as_ref().and_then(|id| self.by_id_number.blocked(id)) {
            return Err(Limited::IdNumber(t));
        }
        let by_address = self.by_address.failed(&address).map(Limited::Address);
        let by_mobile = mobile.as_ref().and_then(|m| self.by_mobile.failed(m)).map(Limited::Mobile);
        let by_id = id_number.as_ref().and_then(|id| self.by_id_number.failed(id)).map(Limited::IdNumber);
        by_mobile.or(by_id).or(by_address).map_or(Ok(()), Err)
    }

    fn digest(&self, label: &[u8], value: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.digest_key).expect("HMAC takes any key length");
        mac.update(label);
        mac.update(&[0]);
        mac.update(value.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

impl Limited {
    pub fn throttled(self) -> Throttled {
        match self {
            Limited::Address(t) | Limited::Mobile(t) | Limited::IdNumber(t) => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADDRESS_BURST: u32 = 30;
    const PERSON_BURST: u32 = 5;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn filing(mobile: &str, id: &str) -> ComplaintInput {
        ComplaintInput {
            complainant_mobile: mobile.to_string(),
            complainant_id_number: id.to_string(),
            ..ComplaintInput::default()
        }
    }

    fn resident_id(first17: &str) -> String {
        format!("{first17}{}", crate::domain::resident_id::resident_id_check_char(first17).unwrap())
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_family_sharing_a_phone_files_a_few_and_a_flood_to_one_mobile_is_stopped() {
        let limits = FilingLimits::new(ADDRESS_BURST, PERSON_BURST);
        let ids: Vec<String> = (0..8).map(|i| resident_id(&format!("1101011980010{i}123"))).collect();
        for id in ids.iter().take(PERSON_BURST as usize) {
            assert_eq!(limits.take(ip("203.0.113.7"), &filing("138 1234 5678", id), today()), Ok(()));
        }
        // The sixth for the same mobile, written another way, from another address.
        let refused = limits.take(ip("198.51.100.9"), &filing("+86 13812345678", &ids[6]), today()).unwrap_err();
        assert!(matches!(refused, Limited::Mobile(t) if t.retry_after_secs > 0), "{refused:?}");
        assert_eq!(
            limits.take(ip("198.51.100.9"), &filing("13912345678", &ids[7]), today()),
            Ok(()),
            "another mobile files"
        );
    }

    #[test]
    fn one_resident_id_is_limited_whatever_the_mobile() {
        let limits = FilingLimits::new(ADDRESS_BURST, PERSON_BURST);
        let id = resident_id("11010119800101123");
        for n in 0..PERSON_BURST {
            let mobile = format!("1391234{:04}", n);
            assert_eq!(limits.take(ip(&format!("203.0.113.{n}")), &filing(&mobile, &id), today()), Ok(()));
        }
        assert!(matches!(
            limits.take(ip("203.0.113.99"), &filing("13700000000", &id), today()),
            Err(Limited::IdNumber(_))
        ));
    }

    #[test]
    fn one_address_is_limited_and_unparsed_numbers_count_for_the_address_only() {
        let limits = FilingLimits::new(ADDRESS_BURST, PERSON_BURST);
        for _ in 0..ADDRESS_BURST {
            assert_eq!(limits.take(ip("203.0.113.7"), &filing("not a mobile", "nor an id"), today()), Ok(()));
        }
        assert!(matches!(limits.take(ip("203.0.113.7"), &filing("", ""), today()), Err(Limited::Address(_))));
        assert_eq!(limits.take(ip("203.0.113.8"), &filing("", ""), today()), Ok(()), "other addresses are not");
    }
}

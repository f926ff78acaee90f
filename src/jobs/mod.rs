//! Background work: one sweeper task, one callback deliverer and one
//! text-message deliverer per app instance.

pub mod callbacks;
pub mod delivery;
pub mod sender;
pub mod sms_gateway;
pub mod sweeper;

/// The kind of a failed request without the network's own words
/// ("connection refused", "no route to host"): what is recorded of a
/// callback or a text message that did not go, and shown to administrators,
/// tells them whether the other side answered, never more about its address.
fn transport_error(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    }
}

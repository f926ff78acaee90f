//! Background work: one sweeper task, one callback deliverer and one
//! text-message deliverer per app instance.

pub mod callbacks;
pub mod delivery;
pub mod sender;
pub mod sms_gateway;
pub mod sweeper;

//! Background work: one sweeper task and one callback deliverer per app
//! instance.

pub mod callbacks;
pub mod sender;
pub mod sweeper;

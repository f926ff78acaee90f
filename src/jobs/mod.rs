//! Background work: one sweeper task per app instance.

pub mod sender;
pub mod sweeper;

//! The rules of the trade as pure functions and validated types: no I/O, no
//! async, no clock (today is always a parameter).

pub mod api_key;
pub mod attachment;
pub mod audit;
pub mod bureau;
pub mod calendar;
pub mod calendar_file;
pub mod callback_address;
pub mod callbacks;
pub mod case_handling;
pub mod category;
pub mod clock_state;
pub mod complaint;
pub mod credit_code;
pub mod deadline;
pub mod delivery;
pub mod district;
pub mod figures;
pub mod filed_text;
pub mod follow_up;
pub mod hotspots;
pub mod input_dates;
pub mod invitation;
pub mod keys;
pub mod masking;
pub mod mobile;
pub mod notice;
pub mod office_hours;
pub mod one_time_code;
pub mod outbox;
pub mod password;
pub mod readiness;
pub mod related;
pub mod remarks;
pub mod reminders;
pub mod resident_id;
pub mod routing;
pub mod satisfaction_calls;
pub mod secrets;
pub mod sign_in_throttle;
pub mod staff_account;
#[cfg(test)]
pub(crate) mod testing;
pub mod ticket_no;
pub mod workflow;

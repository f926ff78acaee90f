//! Application services: one function per user action, each one database
//! transaction. They load what the pure rules in `domain` need, call them,
//! and write the outcome through `store`.

pub mod accounts;
pub mod api_clients;
pub mod attachments;
pub mod bureau_admin;
pub mod bureau_file;
pub mod calendar_admin;
pub mod callbacks;
pub mod case_handling;
pub mod citizen;
pub mod filing;
pub mod invitations;
pub mod lifecycle;
pub mod notices;
pub mod organisation;
pub mod related;
pub mod routing_admin;
pub mod satisfaction_calls;
pub mod staff_accounts;
pub mod staff_notices;
pub mod text_messages;
pub mod ticket_access;
pub mod transfers;

//! Integration tests: each starts the real application on a random port
//! against a fresh database and drives it over HTTP, on SQLite always and on
//! PostgreSQL whenever TEST_POSTGRES_URL is set.

mod helpers;

mod accounts;
mod agent_intake;
mod api_complaints;
mod backup;
mod behind_a_proxy;
mod browser;
mod bureau_admin;
mod bureau_file;
mod calendar_admin;
mod calendar_api;
mod calendar_import;
mod citizen_abuse;
mod citizen_follow_up;
mod citizen_journey;
mod clock_rule;
mod concurrency;
mod connection_limits;
mod dashboard;
mod data_key;
mod demo_and_cookies;
mod filing_limits;
mod filing_receipt;
mod health_and_language;
mod inbox;
mod input_dates;
mod labour_inspection;
mod log_format;
mod metrics;
mod no_stalls;
mod open311;
mod openapi;
mod partners;
mod personal_data;
mod phone_forms;
mod production_start;
mod public_reads;
mod readiness;
mod reference_data;
mod remedies;
mod reports;
mod routing_admin;
mod schema_rules;
mod search;
mod server_edges;
mod sessions;
mod sign_in_throttling;
mod staff;
mod staff_desk;
mod sweeper;
mod text_messages;
mod upgrades;
mod writer_recovery;

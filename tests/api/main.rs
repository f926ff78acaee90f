//! Integration tests: each starts the real application on a random port
//! against a fresh database and drives it over HTTP, on SQLite always and on
//! PostgreSQL whenever TEST_POSTGRES_URL is set.

mod helpers;

mod agent_intake;
mod api_complaints;
mod backup;
mod behind_a_proxy;
mod browser;
mod bureau_admin;
mod calendar_admin;
mod calendar_api;
mod citizen_abuse;
mod citizen_follow_up;
mod citizen_journey;
mod concurrency;
mod dashboard;
mod demo_and_cookies;
mod filing_receipt;
mod health_and_language;
mod input_dates;
mod labour_inspection;
mod no_stalls;
mod open311;
mod openapi;
mod partners;
mod personal_data;
mod phone_forms;
mod public_reads;
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

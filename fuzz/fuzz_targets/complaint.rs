#![no_main]

use hotline_fuzz::checks::{complaint, Filing};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|filing: Filing| complaint(&filing));

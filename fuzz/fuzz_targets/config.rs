//! A `gazette.yaml` of any bytes: decoded, parsed and read into settings, with every
//! diagnostic rendered and the settings printed in both editions. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gazette::fuzzing::config_file(data));

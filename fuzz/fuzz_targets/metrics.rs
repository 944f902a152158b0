//! A metrics file of any bytes: decoded, parsed, read into metrics and phrased, with every
//! diagnostic rendered. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gazette::fuzzing::metrics_file(data));

//! Any figure (value, unit, qualifier, scale, numerals) is phrased or refused with a message,
//! never a panic; a phrased figure reads back to its value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gazette::fuzzing::figure(data));

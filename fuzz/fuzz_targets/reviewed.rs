//! A Word copy back from a reviewer, of any bytes: read or refused with a message, within
//! bounded memory. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gazette::fuzzing::reviewed(data));

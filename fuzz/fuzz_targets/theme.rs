//! A theme's page template of any bytes, rendered with the example paper: a page or a message
//! located in the template. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gazette::fuzzing::theme_template(data));

//! A workbook of any bytes (CSV, xlsx, ods or xls by its first byte): read or refused with a
//! message, within bounded memory. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gazette::fuzzing::workbook(data));

//! A chapter of any bytes: front matter, template expansion and Markdown, with every
//! diagnostic rendered. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gazette::fuzzing::chapter_file(data));

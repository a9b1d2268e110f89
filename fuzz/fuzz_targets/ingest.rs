//! Any bytes, read as any article format: no panic, spans in bounds.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = common::document(data);
});

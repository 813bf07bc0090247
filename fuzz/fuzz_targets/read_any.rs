//! Any bytes through the sniff dispatch (`read::FORMATS`) and the whole pipeline: errors are
//! fine, panics and unbounded memory are not. A new format row is fuzzed with no edit here.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = nianbao::extract_bytes("fuzz", data, &Default::default());
});

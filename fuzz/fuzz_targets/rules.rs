//! Any text as a rule file, then as a configuration file: an error names
//! a place inside the text, never a panic. A rule that loads renders its
//! message with no values filled.
#![no_main]

use std::collections::BTreeMap;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match crosscheck::rules::parse_rule(text, "fuzz.toml") {
        Ok(rule) => {
            let _ = rule.message.render(&BTreeMap::new());
        }
        Err(e) => {
            // Lines end at "\n", "\r\n" or a lone "\r", as editors count them.
            let (line, _) = e.line_col();
            let breaks = text.matches('\n').count() + text.matches('\r').count();
            assert!(line >= 1 && line <= breaks + 1, "line {line} of {breaks} breaks");
        }
    }
    if let Ok(config) = crosscheck::config::Config::parse(text, "crosscheck.toml", None) {
        let _ = crosscheck::lexicon::Lexicon::build(&config.lexicon);
    }
});

//! Any bytes as `score` input: SENTENCE<TAB>SENTENCE lines (a first LABEL
//! column allowed), each pair normalised and judged as the aligner does.
//! No panic; every score is a number between 0 and 1.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let aligner = crosscheck::align::Aligner::builtin();
    for line in text.lines() {
        let fields: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
        let (a, b) = match fields.len() {
            2 => (fields[0], fields[1]),
            3 => (fields[1], fields[2]),
            _ => continue,
        };
        let (na, nb) = (aligner.norm.normalize(a), aligner.norm.normalize(b));
        let (score, _, _) = aligner.judge(&aligner.profile(&na), &aligner.profile(&nb));
        assert!((0.0..=1.0).contains(&score), "{score}");
    }
});

// mimalloc serves the aligner's many small, short-lived vectors faster than
// the system allocator: `cargo bench --bench align`, 37,554 records, 74.6 s
// -> 66.1 s, same output (see CHANGELOG). Built without transparent huge
// pages (feature `no_thp`): with them, every page the allocator takes back
// from the kernel was zeroed 2 MB at a time (10,000 records: system time
// 1.3-2.2 s -> 0.7 s, wall 6.6-7.0 s -> 6.2-6.4 s, peak 0.87 -> 0.77 GB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    crosscheck::cli::main()
}

// mimalloc serves the aligner's many small, short-lived vectors faster than
// the system allocator: `cargo bench --bench align`, 37,554 records, 74.6 s
// -> 66.1 s, same output (see CHANGELOG).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    crosscheck::cli::main()
}

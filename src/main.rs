fn main() -> std::process::ExitCode {
    crosscheck::cli::main()
}

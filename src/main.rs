//! The jobdesk binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    jobdesk::cli::main()
}

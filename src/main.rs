//! The `mirror` binary: parse the command line, hand it to the library, exit with its code.
fn main() -> std::process::ExitCode {
    mirror::main_entry()
}

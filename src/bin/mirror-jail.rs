//! The jail's monitor as a binary of its own: the same code `mirror __jail` runs, without
//! the rest of mirror linked in, so that starting it (once per snippet process) costs less.
//! mirror uses it when it sits beside the `mirror` binary, and itself otherwise.
fn main() {
    #[cfg(target_os = "linux")]
    mirror::sandbox::jail::main();
}

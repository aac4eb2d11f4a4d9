//! Hostile courses (issue 16): file names read as options, paths out of the course, compile
//! bombs and poisoned caches must not get through.
mod compile_bomb;
mod keep_temp;
mod paths;
mod poisoned_cache;
mod toolchain_inputs;

use crate::support::{pair, Course};

#[test]
fn a_python_file_named_like_an_option_runs_as_a_file() {
    // Run as `python -cprint(42)#.py`, the name would be the program (printing 42) and the
    // file would never run; the file prints 7, and so does the C#.
    let c = Course::new()
        .py("01-a/-cprint(42)#.py", "print(7)\n")
        .cs("01-a/cprint(42)#.cs", "Console.WriteLine(7);\n");
    let (code, json) = c.run_json(&[]);
    let p = pair(&json, "01-a/-cprint(42)#");
    assert_eq!(p["python"]["stdout"], "7\n", "{p:#}");
    assert_eq!(p["verdict"], "pass", "{p:#}");
    assert_eq!(code, 0);
}

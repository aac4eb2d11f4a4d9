//! A compile bomb (string interpolation nested 40 deep keeps Roslyn busy for hours) is
//! stopped at its pair's timeout; every other pair still compiles, runs and is reported.
use std::time::{Duration, Instant};

use crate::support::{pair, processes_in, stderr, timing_sensitive, Course};

#[test]
fn a_compile_bomb_times_out_alone_and_leaves_no_compile_host() {
    let _timing = timing_sensitive();
    let mut bomb = String::from("1");
    for _ in 0..40 {
        bomb = format!("$\"{{{bomb}}}\"");
    }
    let c = Course::new()
        .py("01-a/bomb.py", "print(1)\n")
        .cs("01-a/Bomb.cs", &format!("Console.WriteLine({bomb});\n"))
        .py("01-a/hello.py", "print('hello')\n")
        .cs("01-a/Hello.cs", "Console.WriteLine(\"hello\");\n")
        .py("02-b/later.py", "print(2)\n")
        .cs("02-b/Later.cs", "Console.WriteLine(2);\n")
        .manifest("[lessons.01-a.pairs.bomb]\ntimeout = \"2s\"\n");
    // The compile host and Python are ready beforehand: the clock below is the run's own.
    let setup = c.run(&["setup"]);
    assert_eq!(setup.status.code(), Some(0), "{}", stderr(&setup));

    let started = Instant::now();
    let (code, json) = c.run_json(&["--no-cache"]);
    let took = started.elapsed();
    let bomb = pair(&json, "01-a/bomb");
    assert_eq!(bomb["verdict"], "error", "{bomb:#}");
    assert_eq!(
        bomb["reason"], "C# side: compile timed out after 2 s",
        "{bomb:#}"
    );
    assert_eq!(pair(&json, "01-a/hello")["verdict"], "pass", "{json:#}");
    assert_eq!(pair(&json, "02-b/later")["verdict"], "pass", "{json:#}");
    assert_eq!(code, 1);
    assert!(took < Duration::from_secs(30), "the run took {took:?}");
    let left = processes_in(c.path());
    assert!(left.is_empty(), "left running: {left:#?}");
}

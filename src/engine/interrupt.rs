//! Signals as requests to stop, for the whole process. One listener thread, started by the
//! first command that asks ([`listen`]), turns SIGINT, SIGTERM, SIGHUP and SIGQUIT into a
//! cancel of every engine run in progress, kills the toolchain processes (pip, `dotnet
//! restore`), and remembers the request, so that a command caught between runs (checking
//! pages, writing reports) still ends with the signal's code ([`requested`]).
//!
//! A second signal a second or more after the first ends mirror at once, whatever it is
//! doing: a command that does not stop (a report written into a pipe nobody reads) is
//! never stuck. One that comes with the first (`timeout` signals mirror, then its whole
//! process group; a terminal may too) is the same request.
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::watch;

/// Signals closer together than this are one request to stop.
const SAME_REQUEST: Duration = Duration::from_secs(1);

/// The signals that stop mirror, with the exit code each one ends it with.
const STOPPING: [(i32, u8); 4] = [
    (libc::SIGINT, 130),
    (libc::SIGTERM, 143),
    (libc::SIGHUP, 129),
    (libc::SIGQUIT, 131),
];

struct State {
    /// Whether the listener thread runs.
    listening: bool,
    /// When the first request came, and its exit code.
    first: Option<(Instant, u8)>,
    /// The runs to cancel, by registration.
    runs: Vec<(u64, watch::Sender<Option<u8>>)>,
    next: u64,
}

static STATE: Mutex<State> = Mutex::new(State {
    listening: false,
    first: None,
    runs: Vec::new(),
    next: 0,
});

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// From now on the four signals are requests to stop (idempotent). Until this is called
/// they keep their default action, which ends mirror at once.
pub fn listen() -> std::io::Result<()> {
    let mut s = state();
    if s.listening {
        return Ok(());
    }
    let mut signals =
        signal_hook::iterator::Signals::new(STOPPING.iter().map(|(signal, _)| *signal))?;
    std::thread::Builder::new()
        .name("mirror-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let code = STOPPING
                    .iter()
                    .find(|(s, _)| *s == signal)
                    .map_or(130, |(_, c)| *c);
                stop(code);
            }
        })?;
    s.listening = true;
    Ok(())
}

/// What a signal does, given the requests before it.
#[derive(Debug, PartialEq, Eq)]
enum Action {
    /// The first request: cancel the runs and kill the tools.
    Cancel,
    /// A second request, a second or more after the first: end mirror now.
    Exit,
    /// The same request again (within a second of the first).
    Nothing,
}

impl State {
    fn request(&mut self, code: u8, now: Instant) -> Action {
        match self.first {
            None => {
                self.first = Some((now, code));
                for (_, run) in &self.runs {
                    let _ = run.send(Some(code));
                }
                Action::Cancel
            }
            Some((at, _)) if now.duration_since(at) >= SAME_REQUEST => Action::Exit,
            Some(_) => Action::Nothing,
        }
    }

    fn register(&mut self, run: watch::Sender<Option<u8>>) -> u64 {
        if let Some((_, code)) = self.first {
            let _ = run.send(Some(code));
        }
        let id = self.next;
        self.next += 1;
        self.runs.push((id, run));
        id
    }
}

fn stop(code: u8) {
    let action = state().request(code, Instant::now());
    match action {
        // What pip or `dotnet restore` prepare will not be used now.
        Action::Cancel => crate::lang::tool::kill_all(),
        Action::Exit => {
            crate::lang::tool::kill_all();
            crate::lang::csharp::kill_hosts();
            // The jails die with their servers and inits (PR_SET_PDEATHSIG); a run folder
            // left behind is swept by the next run.
            eprintln!("mirror: stopped at once (a second signal)");
            std::process::exit(code.into())
        }
        Action::Nothing => {}
    }
}

/// The exit code of the request to stop, if one came since [`listen`].
pub fn requested() -> Option<u8> {
    state().first.map(|(_, code)| code)
}

/// A run that a request to stop cancels, for as long as this lives.
pub struct Registration(u64);

/// Registers `run`: a request to stop is sent on it (at once if one already came).
pub fn cancels(run: watch::Sender<Option<u8>>) -> Registration {
    Registration(state().register(run))
}

impl Drop for Registration {
    fn drop(&mut self) {
        state().runs.retain(|(id, _)| *id != self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_request_cancels_every_run_and_a_later_one_exits() {
        let mut s = State {
            listening: false,
            first: None,
            runs: Vec::new(),
            next: 0,
        };
        let (before, seen_before) = watch::channel(None);
        s.register(before);
        assert_eq!(*seen_before.borrow(), None);
        let t0 = Instant::now();
        assert_eq!(s.request(143, t0), Action::Cancel);
        assert_eq!(*seen_before.borrow(), Some(143));
        // With the first (as `timeout` sends it twice): the same request.
        assert_eq!(s.request(130, t0 + Duration::from_millis(5)), Action::Nothing);
        assert_eq!(s.first.map(|(_, c)| c), Some(143));
        // A run registered after the request is cancelled as it registers.
        let (after, seen_after) = watch::channel(None);
        s.register(after);
        assert_eq!(*seen_after.borrow(), Some(143));
        assert_eq!(s.request(143, t0 + SAME_REQUEST), Action::Exit);
    }
}

//! Where a snippet runs, handed on from one snippet to the next: its cgroup, and the jail
//! server that lives in that cgroup so that every jail it forks is born there. Making a
//! cgroup per snippet, and moving each snippet process into one cgroup per hierarchy,
//! cost more than the rest of a snippet's set-up together (BENCHMARKS.md): a run makes one
//! slot per snippet running at once and reuses it.
use std::sync::{Arc, Mutex};

use super::cgroup;
use super::jail::zygote::{Zygote, SETTLED_V1, SETTLED_V2};

/// One snippet's place to run.
pub(crate) struct Slot {
    // Field order is drop order: the server leaves the cgroup before it is removed.
    /// The jail server that forks this snippet's jail (None: mirror starts the monitor).
    pub zygote: Option<Arc<Zygote>>,
    pub cgroup: Option<cgroup::Job>,
    /// The run's list of resident servers, which a slot leaves when it goes.
    residents: Option<Arc<Mutex<Vec<i32>>>>,
}

impl Slot {
    pub fn new(zygote: Option<Arc<Zygote>>, cgroup: Option<cgroup::Job>) -> Slot {
        Slot {
            zygote,
            cgroup,
            residents: None,
        }
    }

    /// Ends the slot's server (if it is the last holder) and takes it off the residents.
    pub fn dismiss_server(&mut self) {
        let Some(z) = self.zygote.take() else { return };
        let pid = z.pid();
        drop(z);
        if let Some(list) = &self.residents {
            list.lock().unwrap_or_else(|e| e.into_inner()).retain(|p| *p != pid);
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.dismiss_server();
    }
}

/// The run's free slots, and the pids of the servers living in its cgroups.
#[derive(Default)]
pub(crate) struct Pool {
    free: Mutex<Vec<Slot>>,
    residents: Arc<Mutex<Vec<i32>>>,
    /// Slots on their way (being emptied off their snippet's path, or made ahead of the
    /// first snippets): a snippet waits for one rather than make another.
    returning: std::sync::atomic::AtomicUsize,
    /// Told when a slot arrives.
    arrived: tokio::sync::Notify,
}

impl Pool {
    /// A free slot whose cgroup no snippet process is left in.
    pub fn take(&self) -> Option<Slot> {
        loop {
            let mut slot = self.free.lock().unwrap_or_else(|e| e.into_inner()).pop()?;
            match slot.cgroup.as_mut() {
                Some(c) if c.has_processes() => continue,
                Some(c) => c.rebase(),
                None => {}
            }
            return Some(slot);
        }
    }

    pub fn give_back(&self, slot: Slot) {
        self.free.lock().unwrap_or_else(|e| e.into_inner()).push(slot);
    }

    /// Empties `slot`'s cgroup (killing what is left of its snippet) on a blocking thread,
    /// then gives it back; [`Pool::clear`] waits for such returns.
    pub fn empty_and_give_back(self: &Arc<Self>, slot: Slot) {
        self.expect();
        let pool = self.clone();
        tokio::task::spawn_blocking(move || {
            if let Some(c) = &slot.cgroup {
                c.kill();
            }
            pool.arrive(slot);
        });
    }

    /// One more slot is on its way: [`Pool::arrive`] brings it.
    pub fn expect(&self) {
        self.returning
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// A slot announced by [`Pool::expect`] is here.
    pub fn arrive(&self, slot: Slot) {
        self.give_back(slot);
        self.returning
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        self.arrived.notify_waiters();
    }

    /// A free slot, waiting for one on its way if there is one (at most `patience`); None
    /// when none is free or coming: the caller makes one.
    pub async fn take_or_wait(&self, patience: std::time::Duration) -> Option<Slot> {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let arrived = self.arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            if let Some(slot) = self.take() {
                return Some(slot);
            }
            if self.returning.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                return None;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return None;
            }
        }
    }

    /// Makes `slot`'s server a resident of its cgroup (moved in once, for good) and checks
    /// that it answers. The server comes in by itself where it can (a v1 move of its own,
    /// its jails born in the v2 folder: no wait for the kernel's global cgroup lock, see
    /// `Zygote::settle`); mirror moves it where it cannot.
    pub fn settle_in(&self, slot: &mut Slot) -> std::io::Result<()> {
        let Some(z) = &slot.zygote else {
            return Ok(());
        };
        let Some(c) = slot.cgroup.as_mut() else {
            return z.ready();
        };
        // A resident before it is moved: a run ending meanwhile kills what is in its
        // cgroups but the residents, and a server on its way in is one of them.
        self.residents
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(z.pid());
        slot.residents = Some(self.residents.clone());
        let (tasks, v2) = c.self_move();
        match z.settle(&tasks, v2) {
            Ok(done) => c.host_rest(
                z.pid(),
                done & SETTLED_V1 != 0,
                done & SETTLED_V2 != 0,
            ),
            Err(_) => {
                c.host(z.pid())?;
                z.ready()
            }
        }
    }

    /// The servers living in the run's cgroups (to spare when killing what is in them).
    pub fn residents(&self) -> Vec<i32> {
        self.residents
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Ends every free slot's server and removes its cgroup, once the slots on their way
    /// back are in (for at most a second).
    pub fn clear(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        while self.returning.load(std::sync::atomic::Ordering::SeqCst) > 0
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let free = std::mem::take(&mut *self.free.lock().unwrap_or_else(|e| e.into_inner()));
        // Every server is told to go first, then each is waited for: they die side by side
        // rather than one after another at the end of every run.
        for z in free.iter().filter_map(|s| s.zygote.as_ref()) {
            z.kill();
        }
        drop(free);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[tokio::test]
    async fn a_snippet_waits_for_a_slot_on_its_way_rather_than_make_one() {
        let pool = Arc::new(Pool::default());
        // Nothing free and nothing coming: make one, at once.
        let t = Instant::now();
        assert!(pool.take_or_wait(Duration::from_secs(5)).await.is_none());
        assert!(t.elapsed() < Duration::from_secs(1));

        // One on its way (emptied, or made ahead): the snippet gets that one.
        pool.expect();
        let bringer = pool.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            bringer.arrive(Slot::new(None, None));
        });
        assert!(pool.take_or_wait(Duration::from_secs(5)).await.is_some());

        // One announced that is slow to come: no longer than the patience (the snippet then
        // makes its own).
        pool.expect();
        let t = Instant::now();
        assert!(pool
            .take_or_wait(Duration::from_millis(30))
            .await
            .is_none());
        assert!(t.elapsed() >= Duration::from_millis(30));
    }
}

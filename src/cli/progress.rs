//! A spinner on stderr for long commands: shown only when stderr is a terminal and the command
//! has run for a moment, so quick runs, pipes and CI logs stay quiet.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a command runs before the spinner shows.
const DELAY: Duration = Duration::from_millis(400);

/// The spinner of a command; cleared when dropped.
pub struct Progress {
    bar: ProgressBar,
    /// Set when the command is over, so a late timer never shows the spinner.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// A hidden spinner that shows itself on stderr after [`DELAY`] if stderr is a terminal.
    pub fn start() -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        let done = Arc::new(Mutex::new(false));
        if std::io::stderr().is_terminal() {
            let (bar, done) = (bar.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                std::thread::sleep(DELAY);
                // The lock is held while showing, so the command cannot end meanwhile.
                let Ok(done) = done.lock() else { return };
                if !*done {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(100));
                }
            });
        }
        Progress { bar, done }
    }

    /// Names the phase under way (`checking iraq`, `emitting mobile`, …).
    pub fn phase(&self, message: impl Into<String>) {
        self.bar.set_message(message.into());
    }

    /// Runs `f` (which prints to stderr) with the spinner out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // Hold the lock while clearing, so the timer cannot show the spinner again.
        let mut done = self.done.lock().ok();
        if let Some(d) = done.as_mut() {
            **d = true;
        }
        self.bar.finish_and_clear();
    }
}

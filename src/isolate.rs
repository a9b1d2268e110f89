//! Work on one article that must not end the run when it fails. A panic
//! inside [`isolate`] is caught and returned as a [`Crash`]: the caller
//! names the article in a diagnostic, leaves it out and goes on with the
//! rest. The panic's message is kept for that diagnostic instead of being
//! printed by the default hook; panics anywhere else print as before.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// A panic caught by [`isolate`]: its message and where in the code it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crash {
    pub message: String,
    /// `file:line:column` in crosscheck's source.
    pub location: Option<String>,
}

impl fmt::Display for Crash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(l) = &self.location {
            write!(f, " (at {l})")?;
        }
        Ok(())
    }
}

impl Crash {
    /// The text of a diagnostic about an article left out after a crash in
    /// `stage` ("extracting claims").
    pub fn diagnostic_message(&self, stage: &str) -> String {
        format!(
            "internal error while {stage}: {self}; the article is left out and the run goes on. \
             This is a bug in crosscheck: please report it with this file attached"
        )
    }
}

thread_local! {
    /// How many [`isolate`] calls this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The last panic caught inside one, as the hook saw it.
    static CAUGHT: RefCell<Option<Crash>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Chains a hook before the one in place: inside [`isolate`] it keeps the
/// panic's message and location for the caller; elsewhere it hands over.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) == 0 {
                previous(info);
                return;
            }
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            CAUGHT.with(|c| *c.borrow_mut() = Some(Crash { message, location }));
        }));
    });
}

/// Runs `f`; a panic inside it is returned as `Err`, with nothing printed.
pub fn isolate<T>(f: impl FnOnce() -> T) -> Result<T, Crash> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.map_err(|payload| {
        CAUGHT.with(|c| c.borrow_mut().take()).unwrap_or_else(|| Crash {
            message: payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string()),
            location: None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_passes_through() {
        assert_eq!(isolate(|| 41 + 1), Ok(42));
    }

    #[test]
    fn a_panic_becomes_a_crash_with_its_message_and_place() {
        let v: Vec<u8> = Vec::new();
        let i = v.len();
        let e = isolate(|| v[i]).unwrap_err();
        assert!(e.message.contains("index out of bounds"), "{e}");
        let at = e.location.as_deref().unwrap_or_default();
        assert!(at.starts_with("src/isolate.rs:"), "{at}");
        let text = e.diagnostic_message("extracting claims");
        assert!(text.starts_with("internal error while extracting claims: index out of bounds"));
        assert!(text.contains("left out"));
    }

    #[test]
    fn formatted_messages_are_kept() {
        let e = isolate(|| -> u8 { panic!("bad span {}", 7) }).unwrap_err();
        assert_eq!(e.message, "bad span 7");
    }

    #[test]
    fn nested_isolation_unwinds_to_the_inner_one() {
        let outer = isolate(|| isolate(|| -> u8 { panic!("inner") }).unwrap_err().message);
        assert_eq!(outer.as_deref(), Ok("inner"));
        // The depth is back to zero: a later isolated call still works.
        assert!(isolate(|| -> u8 { panic!("again") }).is_err());
        assert_eq!(DEPTH.with(Cell::get), 0);
    }
}

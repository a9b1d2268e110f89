//! A hint that memory is about to be read.
//!
//! The aligner checks candidates in order, each against data at a random
//! place in arrays far larger than the cache (on the 37,554-record archive,
//! 77 MB of candidate lines and 120 MB of statement codes). Asking for the
//! data of a candidate a few steps ahead lets its fetch overlap the work on
//! the current one. Reading the data instead (`std::hint::black_box`) holds
//! up the processor until it arrives; a prefetch does not.

/// Starts fetching the cache line that holds `x`, without waiting for it.
/// Only a hint: nothing is read or written, and no result depends on it.
#[inline(always)]
pub(super) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `prefetcht0` loads a cache line and nothing else: it cannot
    // fault (not even on a bad address, and `x` is a valid reference) and
    // changes no memory. It needs SSE, which every x86-64 processor has.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(x).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

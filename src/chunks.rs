//! Code that comes in chunks of its own (wasm splitting, see `scripts/post-build.sh`):
//! the app itself (`crate::start`), its heavy pages (`pages::lazy`), and the work a first
//! start does not need before its first change: storing a change (`state::programme`),
//! syncing (`sync::engine`) and checking a backup (`panels::restore`). Each chunk is
//! fetched the first time it is needed, and precached by the service worker with the
//! rest of the build.
//!
//! A chunk that cannot be fetched (offline before the precache has it, a new version
//! deployed while the tab is open), or that has not come after `CHUNK_PATIENCE`, does
//! not abort the app: the caller gets an error to show, and nothing is lost.

use std::pin::Pin;
use std::time::Duration;

use futures::future::{Either, select};
use leptos::wasm_split::SplitLoaderError;

use crate::time::sleep;

/// How long a chunk may take: slow mobile data fetches the largest load, the app's
/// (about 400 KB compressed with the chunks it needs), well within it.
const CHUNK_PATIENCE: Duration = Duration::from_secs(20);

/// What a split function hands back for work that is itself asynchronous (split
/// functions cannot be `async`).
pub type Later<T> = Pin<Box<dyn Future<Output = T>>>;

/// What a chunk's load gives, or `Err` once it has taken `CHUNK_PATIENCE`.
pub async fn within_patience<T, E: From<ChunkError>>(
    load: impl Future<Output = Result<T, E>>,
) -> Result<T, E> {
    match select(Box::pin(load), Box::pin(sleep(CHUNK_PATIENCE))).await {
        Either::Left((loaded, _)) => loaded,
        Either::Right(_) => Err(ChunkError.into()),
    }
}

/// A chunk that could not be fetched (or not in time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a part of the app could not be fetched")]
pub struct ChunkError;

impl From<SplitLoaderError> for ChunkError {
    fn from(_: SplitLoaderError) -> ChunkError {
        ChunkError
    }
}

/// A function whose code comes in chunk `$chunk`, called as an `async fn` that fetches
/// the chunk first (`Err(ChunkError)` when it cannot), with `preload` to fetch it ahead.
/// With the `unsplit` feature (the wasm tests, whose binary is not split and so has no
/// chunk loader) it is a plain `async fn`.
macro_rules! in_chunk {
    (
        $chunk:ident $(, preload = $preload:ident)?;
        $(#[$attr:meta])*
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        $(#[$attr])*
        #[cfg(not(feature = "unsplit"))]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible
            $(, preload($preload))?
        )]
        fn $name($($arg: $ty),*) -> $ret $body

        $(#[$attr])*
        #[cfg(feature = "unsplit")]
        async fn $name($($arg: $ty),*) -> $ret $body

        $(
            #[cfg(feature = "unsplit")]
            async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
                Ok(())
            }
        )?
    };
}
pub(crate) use in_chunk;

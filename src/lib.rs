//! Samskab: the client-side app.
pub mod storage;

//! Relinking an inactive Financial Connections account from the app, in the user's browser.
//! Owns the flow, the loopback page and its security; must not touch the UI or store the secret.
//!
//! The UI calls [`plan::repairable`] to offer (or explain why not) a relink, lets the user pick a
//! [`RelinkMode`], then runs [`relink`] with [`SystemBrowser`] and shows [`RelinkReport::outcome`]
//! and the re-read accounts. The `client_secret` lives only in memory and in the page body.

pub mod flow;
pub mod page;
pub mod plan;

pub use flow::{
    Launcher, RelinkError, RelinkOutcome, RelinkReport, RelinkSettings, RelinkVia, SystemBrowser,
    check_publishable_key, judge, relink,
};
pub use page::{DEFAULT_TTL, LoopbackPage, PageOutcome, PageReport, PageSettings, STRIPE_JS_URL};
pub use plan::{RelinkMode, permissions, repairable, session_params};

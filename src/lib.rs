//! treasury-desk: a desktop dashboard for the finance staff of a Stripe Connect platform.
//!
//! Rooms: [`stripe`] (the typed client), [`actions`] (every money action and its audit trail), [`sandbox`] (the built-in Stripe-compatible server),
//! [`snapshot`] (loading everything the dashboard shows), [`app`] (the eframe UI),
//! [`keychain`] (the OS keychain), [`money`] and [`secret`] (the two things never to get wrong).

pub mod actions;
pub mod app;
pub mod bench;
pub mod cli;
pub mod credentials;
pub mod deadline;
pub mod desktop;
pub mod export;
pub mod i18n;
pub mod keychain;
pub mod ledger;
pub mod money;
pub mod relink;
pub mod sandbox;
pub mod secret;
pub mod snapshot;
pub mod stripe;
pub mod web;

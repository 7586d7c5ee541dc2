//! The typed Stripe client: transport, pagination, errors, and one module per resource.
//! Owns everything on the wire; knows no UI type.

mod client;
pub mod common;
pub mod error;
pub mod form;
mod open_enum;
pub mod rate_limit;

pub mod account;
pub mod balance;
pub mod event;
pub mod financial_connections;
pub mod ledger;
pub mod payment_method;
pub mod treasury;

pub use client::{
    API_VERSION, Backoff, Client, ClientConfig, DEFAULT_API_BASE, IdempotencyKey, MAX_RESPONSE_BYTES, Mode, PAGE_LIMIT,
    RequestOptions, Traced, check_secret_key, install_tls,
};
pub use common::{AccountHolder, List, Object};
pub use error::{ApiError, Error, ErrorType, Settled};
pub use form::Form;
pub use rate_limit::RateLimit;

//! Stripe's events (`GET /v1/events`, kept 30 days): their type, the event types this app knows,
//! and the listing a re-sync reads. Owns the wire shape only; what an event means is `snapshot`'s.

use serde::{Deserialize, Serialize};

use super::common::{Object, Timestamp};
use super::{Client, Error, Form, RequestOptions};
use crate::open_enum;

/// How long Stripe keeps an event listable (its docs: "going back up to 30 days").
pub const RETENTION_SECONDS: i64 = 30 * 24 * 60 * 60;

/// Most names one `GET /v1/events` takes in `types[]`.
pub const MAX_TYPES_PER_LIST: usize = 20;

open_enum! {
    /// An event's `type`. The names were checked against Stripe's published list of event types
    /// (`docs.stripe.com/api/events/types`, and the `enabled_events` enum of its OpenAPI spec),
    /// except the one marked gated.
    pub enum EventType {
        /// The platform's own account changed (its name, its capabilities).
        AccountUpdated = "account.updated",
        /// The Stripe balance of the account the event belongs to changed (`data.object` is the
        /// whole balance).
        BalanceAvailable = "balance.available",
        /// A linked bank account was linked.
        FinancialConnectionsAccountCreated = "financial_connections.account.created",
        /// A linked bank account went from `active` to `inactive`.
        FinancialConnectionsAccountDeactivated = "financial_connections.account.deactivated",
        /// A linked bank account was disconnected.
        FinancialConnectionsAccountDisconnected = "financial_connections.account.disconnected",
        /// Its expected deactivation date (`status_details.active`) was set or moved.
        FinancialConnectionsAccountExpectedDeactivationDateUpdated =
            "financial_connections.account.expected_deactivation_date_updated",
        /// A linked bank account went from `inactive` to `active` (a relink).
        FinancialConnectionsAccountReactivated = "financial_connections.account.reactivated",
        /// A balance refresh ended (`pending` → `succeeded` | `failed`).
        FinancialConnectionsAccountRefreshedBalance = "financial_connections.account.refreshed_balance",
        /// A financial account closed.
        TreasuryFinancialAccountClosed = "treasury.financial_account.closed",
        /// A financial account was opened.
        TreasuryFinancialAccountCreated = "treasury.financial_account.created",
        /// A feature of a financial account changed status (e.g. became restricted).
        TreasuryFinancialAccountFeaturesStatusUpdated = "treasury.financial_account.features_status_updated",
        /// An inbound transfer was canceled.
        TreasuryInboundTransferCanceled = "treasury.inbound_transfer.canceled",
        /// An inbound transfer was created.
        TreasuryInboundTransferCreated = "treasury.inbound_transfer.created",
        /// An inbound transfer failed.
        TreasuryInboundTransferFailed = "treasury.inbound_transfer.failed",
        /// Gated (manual review): a confirmed transfer went from `requires_confirmation` to
        /// `processing`. In no public list; Stripe's guide names a status change's event
        /// `treasury.inbound_transfer.{new_status}`, and this is that name for `processing`.
        TreasuryInboundTransferProcessing = "treasury.inbound_transfer.processing",
        /// An inbound transfer succeeded.
        TreasuryInboundTransferSucceeded = "treasury.inbound_transfer.succeeded",
        /// Money arrived in a financial account from outside (ACH, wire, another account).
        TreasuryReceivedCreditCreated = "treasury.received_credit.created",
        /// A received credit failed.
        TreasuryReceivedCreditFailed = "treasury.received_credit.failed",
        /// A received credit succeeded.
        TreasuryReceivedCreditSucceeded = "treasury.received_credit.succeeded",
        /// Money was pulled out of a financial account; a returned inbound transfer makes one
        /// (`linked_flows.inbound_transfer` names it). Stripe has no `inbound_transfer` event for
        /// a return: this is how a `returned` flag becomes visible.
        TreasuryReceivedDebitCreated = "treasury.received_debit.created",
    }
}

/// `data` of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventData {
    /// The object as it was when the event happened, rendered at the event's `api_version`.
    pub object: serde_json::Value,
    /// For `*.updated` events: the changed fields' values before the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_attributes: Option<serde_json::Value>,
}

/// `request` of an event: the API request that caused it (both null for automatic changes).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRequest {
    /// `req_…`, or null.
    #[serde(default)]
    pub id: Option<String>,
    /// The idempotency key of that request, or null.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// One event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `evt_…`.
    pub id: String,
    /// Always `event`.
    #[serde(default = "event_object")]
    pub object: String,
    /// The connected account it happened on; absent for the platform's own events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The API version `data` is rendered at (nullable).
    #[serde(default)]
    pub api_version: Option<String>,
    /// When it happened (Unix seconds, Stripe's clock).
    pub created: Timestamp,
    /// The object.
    pub data: EventData,
    /// Live or test.
    pub livemode: bool,
    /// Webhooks not yet delivered.
    #[serde(default)]
    pub pending_webhooks: i64,
    /// What caused it (nullable).
    #[serde(default)]
    pub request: Option<EventRequest>,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventType,
}

fn event_object() -> String {
    "event".to_owned()
}

impl Object for Event {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Event {
    /// A string field of `data.object` (`id`, `financial_account`, …), if it is one.
    pub fn object_str(&self, field: &str) -> Option<&str> {
        self.data.object.get(field).and_then(serde_json::Value::as_str)
    }
}

/// Every event of `types` on `account` (a connected account, or the platform's own id) created at
/// or after `since`, newest first, page by page. More than [`MAX_TYPES_PER_LIST`] types take one
/// listing per twenty, merged (still newest first).
pub async fn list_since(
    client: &Client,
    account: &str,
    since: Timestamp,
    types: &[EventType],
) -> Result<Vec<Event>, Error> {
    let mut events = Vec::new();
    for chunk in types.chunks(MAX_TYPES_PER_LIST) {
        let params = chunk.iter().fold(Form::new().set("created[gte]", since), |form, t| form.push("types", t));
        events.extend(client.list_all::<Event>("/v1/events", params, RequestOptions::on_behalf_of(account)).await?);
    }
    if types.len() > MAX_TYPES_PER_LIST {
        events.sort_by_key(|e| std::cmp::Reverse(e.created));
    }
    Ok(events)
}

/// `GET /v1/events/{id}` on `account`.
pub async fn retrieve(client: &Client, account: &str, event_id: &str) -> Result<Event, Error> {
    client.get(&format!("/v1/events/{event_id}"), &Form::new(), &RequestOptions::on_behalf_of(account)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_types_parse_and_say_so() {
        let event: Event = serde_json::from_value(serde_json::json!({
            "id": "evt_1", "object": "event", "api_version": "2026-07-29.dahlia", "created": 1_800_000_000,
            "data": {"object": {"id": "ibt_1", "object": "treasury.inbound_transfer"}},
            "livemode": false, "pending_webhooks": 0, "request": {"id": null, "idempotency_key": null},
            "type": "treasury.inbound_transfer.teleported"
        }))
        .expect("an unknown type still parses");
        assert_eq!(event.kind, EventType::Unknown("treasury.inbound_transfer.teleported".to_owned()));
        assert_eq!(event.object_str("id"), Some("ibt_1"));
        assert_eq!(event.account, None, "the platform's own event names no account");
    }
}

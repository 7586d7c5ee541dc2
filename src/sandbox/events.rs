//! The sandbox's events: the log every state change writes to, scoped like Stripe (an event
//! belongs to the account its object belongs to), and `GET /v1/events` / `GET /v1/events/{id}`.
//! Owns the log and its two routes; must not change any object (the state machine emits, this keeps).

use axum::extract::{Path, State};
use axum::response::Response;

use super::App;
use super::state::Owned;
use super::wire::{self, Ctx, Failure, LIST_PARAMS, Listed, ok, page};
use crate::stripe::event::{Event, EventData, EventType, MAX_TYPES_PER_LIST, RETENTION_SECONDS};
use crate::stripe::form::FormValue;

/// Every event the sandbox made in the last 30 days, oldest first, each with the account it
/// belongs to (the platform's id for the platform's own events).
#[derive(Debug, Default)]
pub(crate) struct EventLog {
    events: Vec<Owned<Event>>,
}

impl EventLog {
    /// Keep `event` as `owner`'s, dropping what is past Stripe's 30 days at `now`.
    pub fn record(&mut self, owner: &str, event: Event, now: i64) {
        self.events.retain(|e| now - e.object.created < RETENTION_SECONDS);
        self.events.push(Owned { owner: owner.to_owned(), object: event });
    }

    /// `owner`'s events still listable at `now`.
    pub fn of(&self, owner: &str, now: i64) -> Vec<Event> {
        self.events
            .iter()
            .filter(|e| e.owner == owner && now - e.object.created < RETENTION_SECONDS)
            .map(|e| e.object.clone())
            .collect()
    }
}

/// A new event as Stripe shapes it: `account` names the connected account (absent for the
/// platform's own), `data.object` is the object after the change, rendered at the version the
/// sandbox speaks. `request` is null: the store does not know which request caused the change.
pub(crate) fn new_event(
    id: String,
    account: Option<String>,
    kind: EventType,
    object: serde_json::Value,
    created: i64,
) -> Event {
    Event {
        id,
        object: "event".to_owned(),
        account,
        api_version: Some(crate::stripe::API_VERSION.to_owned()),
        created,
        data: EventData { object, previous_attributes: None },
        livemode: false,
        pending_webhooks: 0,
        request: None,
        kind,
    }
}

impl Listed for Event {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created
    }
}

/// `type=…` with `*` as a wildcard for any run of characters (`treasury.*`).
fn matches_pattern(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else { return pattern == name };
    let Some(mut rest) = name.strip_prefix(first) else { return false };
    let tail: Vec<&str> = parts.collect();
    let Some((last, middle)) = tail.split_last() else { return rest.is_empty() };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// `GET /v1/events`: the account's events (by `Stripe-Account`), newest first, with `created`,
/// `type` (one name or a `*` pattern) or `types[]` (up to 20 names, not both), and
/// `delivery_success` (every event counts as delivered: the sandbox has no webhook endpoints).
pub(crate) async fn list_events(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    let p = &ctx.params;
    p.allow(&[&LIST_PARAMS[..], &["created", "delivery_success", "type", "types"]].concat())?;
    let created = wire::created_filter(p)?;
    let single = p.str("type")?.map(str::to_owned);
    let names: Option<Vec<String>> = match p.value("types") {
        None => None,
        Some(FormValue::List(items)) => {
            let names: Option<Vec<String>> = items.iter().map(|i| i.as_str().map(str::to_owned)).collect();
            Some(names.ok_or_else(|| Failure::bad_value("types", "Invalid array: types must be a list of strings."))?)
        }
        Some(_) => return Err(Failure::bad_value("types", "Invalid array: types must be a list, e.g. types[]=…")),
    };
    if single.is_some() && names.is_some() {
        return Err(Failure::invalid("You may pass either type or types, but not both."));
    }
    if names.as_ref().is_some_and(|n| n.len() > MAX_TYPES_PER_LIST) {
        return Err(Failure::bad_value(
            "types",
            format!("Invalid array: types may hold at most {MAX_TYPES_PER_LIST} event names."),
        ));
    }
    let delivered = match p.str("delivery_success")? {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            return Err(Failure::bad_value(
                "delivery_success",
                format!("Invalid boolean: {other}; delivery_success must be true or false."),
            ));
        }
    };
    let all = app.state.with(|s| s.events.of(&ctx.scope.owner, s.now()));
    let items = all
        .iter()
        .filter(|e| delivered && created(e.created))
        .filter(|e| single.as_deref().is_none_or(|pattern| matches_pattern(pattern, e.kind.as_str())))
        .filter(|e| names.as_ref().is_none_or(|names| names.iter().any(|n| n == e.kind.as_str())))
        .cloned()
        .collect();
    Ok(ok(&page(&all, items, p, "/v1/events")?))
}

/// `GET /v1/events/{id}`: one of the account's events still kept.
pub(crate) async fn retrieve_event(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    app.state
        .with(|s| s.events.of(&ctx.scope.owner, s.now()).into_iter().find(|e| e.id == id))
        .map(|e| ok(&e))
        .ok_or_else(|| Failure::no_such("event", &id, "id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_patterns_use_star_as_a_wildcard() {
        assert!(matches_pattern("treasury.*", "treasury.inbound_transfer.created"));
        assert!(matches_pattern("*.created", "treasury.inbound_transfer.created"));
        assert!(matches_pattern("treasury.*.created", "treasury.inbound_transfer.created"));
        assert!(matches_pattern("balance.available", "balance.available"));
        assert!(!matches_pattern("balance.available", "balance.availabl"));
        assert!(!matches_pattern("treasury.*.failed", "treasury.inbound_transfer.created"));
        assert!(!matches_pattern("financial_connections.*", "treasury.inbound_transfer.created"));
    }

    #[test]
    fn events_past_thirty_days_are_dropped() {
        let event = |id: &str, created: i64| {
            new_event(id.to_owned(), None, EventType::BalanceAvailable, serde_json::json!({}), created)
        };
        let mut log = EventLog::default();
        let now = 1_800_000_000;
        log.record("acct_1", event("evt_old", now - RETENTION_SECONDS), now - RETENTION_SECONDS);
        log.record("acct_1", event("evt_new", now - RETENTION_SECONDS + 1), now);
        log.record("acct_2", event("evt_other", now), now);
        let kept: Vec<String> = log.of("acct_1", now).into_iter().map(|e| e.id).collect();
        assert_eq!(kept, ["evt_new"], "30 days old is gone; another account's events are not this one's");
    }
}

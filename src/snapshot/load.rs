//! The sync: platform → connected accounts → financial accounts → inbound transfers, and each
//! account's linked bank accounts, as concurrent requests under the client's rate limiter. A
//! re-sync continues from the sync before it ([`Previous`]) with Stripe's events (`resync`).

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use futures_util::{FutureExt, StreamExt, TryStreamExt, stream};

use super::resync::{EventMark, Events, PlatformListing};
use super::{
    ConnectedAccount, FinancialAccountEntry, FinancialAccountsRead, LoadOptions, Progress, Snapshot, Transfer, Words,
};
use crate::stripe::account::{self, Account};
use crate::stripe::balance;
use crate::stripe::common::{AccountHolder, Timestamp};
use crate::stripe::financial_connections as fc;
use crate::stripe::treasury::{self, FinancialAccount};
use crate::stripe::{Client, Error};

/// What a re-sync continues from: the snapshot before it, each account with the mark of the
/// events it was read up to ([`EventMark`]). A re-sync lists each account's events since then,
/// reads again only the objects they name and keeps the rest (see `resync`); accounts it cannot
/// bring up to date that way (new ones, ones that failed to load last time, ones whose events
/// cannot be listed or say something this app does not know) are read in full.
///
/// Used by one sync: it takes the accounts it keeps out of here rather than copying them.
#[derive(Debug, Default)]
pub struct Previous {
    platform: Option<Account>,
    holders: Mutex<HashMap<String, ConnectedAccount>>,
}

impl Previous {
    /// Nothing to continue from: every account is read in full (a full sync).
    pub fn none() -> Self {
        Self::default()
    }

    /// What `snapshot` lets the next sync continue from: every account that loaded without an
    /// error. The transfer lists are shared with it, not copied.
    pub fn of(snapshot: &Snapshot) -> Self {
        let holders = snapshot
            .holders()
            .filter(|holder| holder.events.is_some() && holder.errors.is_empty())
            .map(|holder| (holder.account.id.clone(), holder.clone()))
            .collect();
        Self { platform: Some(snapshot.platform.clone()), holders: Mutex::new(holders) }
    }

    /// Nothing to continue from: the sync using it is a full one.
    pub fn is_empty(&self) -> bool {
        self.holders.lock().map_or(true, |holders| holders.is_empty())
    }

    /// The kept account `account_id`, taken out.
    fn take(&self, account_id: &str) -> Option<ConnectedAccount> {
        self.holders.lock().ok()?.remove(account_id)
    }
}

/// Load the whole snapshot. Fails only when the platform or the account list cannot be read;
/// a failure under one connected account is recorded on it and the sync goes on.
pub async fn load(client: &Client, progress: Arc<Progress>) -> Result<Snapshot, Error> {
    load_with(client, progress, LoadOptions::default(), &Previous::none()).await
}

/// One step of a sync, as it happens: the platform, then each connected account as soon as
/// everything under it has loaded (in completion order; `index` is its place in Stripe's list).
#[derive(Clone, Debug)]
// Each event is moved once, through a channel, to become part of the snapshot: boxing the larger
// variant would only add an allocation per account.
#[allow(clippy::large_enum_variant)]
pub enum SyncEvent {
    /// The platform account.
    Platform(Account),
    /// The platform's own money (financial accounts, their transfers, Stripe balance).
    Own(ConnectedAccount),
    /// A fully loaded connected account and its position in the list.
    Account {
        /// Position in Stripe's list (newest first).
        index: usize,
        /// The account with everything under it.
        account: ConnectedAccount,
    },
}

/// [`load`] with explicit concurrency, keeping what `previous` allows.
pub async fn load_with(
    client: &Client,
    progress: Arc<Progress>,
    options: LoadOptions,
    previous: &Previous,
) -> Result<Snapshot, Error> {
    let collected = std::sync::Mutex::new(Vec::new());
    let own = std::sync::Mutex::new(None);
    let platform = load_into(client, progress, options, previous, |event| match event {
        SyncEvent::Account { index, account } => {
            if let Ok(mut collected) = collected.lock() {
                collected.push((index, account));
            }
        }
        SyncEvent::Own(account) => {
            if let Ok(mut own) = own.lock() {
                *own = Some(account);
            }
        }
        SyncEvent::Platform(_) => {}
    })
    .await?;
    let mut loaded = collected.into_inner().unwrap_or_default();
    // Back in the list's order: newest first, as Stripe sends it.
    loaded.sort_by_key(|(index, _)| *index);
    let accounts = loaded.into_iter().map(|(_, account)| account).collect();
    let platform_own = own.into_inner().unwrap_or_default();
    Ok(Snapshot {
        mode: client.mode(),
        platform,
        platform_own,
        accounts,
        fetched_at: jiff::Timestamp::now().as_second(),
    })
}

/// The sync, streamed: every [`SyncEvent`] goes to `sink` as it happens. Returns the platform
/// account once everything has loaded. With a `previous` snapshot of the same platform it is a
/// re-sync: each account is brought up to date from its events where it can be.
pub async fn load_into(
    client: &Client,
    progress: Arc<Progress>,
    options: LoadOptions,
    previous: &Previous,
    sink: impl Fn(SyncEvent) + Send + Sync,
) -> Result<Account, Error> {
    let words = Words::default();
    let sync = Syncing { client, words: &words, progress: &progress };
    let started = jiff::Timestamp::now().as_second();
    let at_once = options.requests_at_once;
    // A re-sync continues from a snapshot of this key's own platform; anything else is read in full.
    let known = previous.platform.clone().filter(|p| client.own_account() == Some(p.id.as_str()));
    let kept_platform = known.as_ref().and_then(|p| previous.take(&p.id));
    let platform_mark = kept_platform.as_ref().and_then(|kept| kept.events.clone());
    let platform_review = kept_platform.as_ref().is_some_and(super::resync::has_manual_review);
    // The platform's events are listed once and shared: its own changes, and every connected
    // account's linked bank accounts (which are the platform's). Accounts wait for them.
    let listing = async {
        let listing = match (&known, platform_mark) {
            (Some(platform), Some(mark)) => sync.platform_listing(&platform.id, mark, platform_review).await,
            _ => PlatformListing::unusable(),
        };
        Arc::new(listing)
    }
    .shared();
    let platform = async {
        let listing = listing.clone().await;
        let platform = match &known {
            Some(platform) if !listing.platform_changed() => platform.clone(),
            _ => {
                if listing.usable() {
                    progress.objects_reread.fetch_add(1, Ordering::Relaxed);
                }
                account::retrieve_platform(client).await?
            }
        };
        sink(SyncEvent::Platform(platform.clone()));
        // The platform's own money, read like a connected account's but without `Stripe-Account`
        // (the client drops it for the key's own account). Its window starts with the sync: it
        // also covers the linked accounts every connected account lists later.
        let own = match known {
            Some(_) => {
                let events = listing.events();
                sync.resync_holder(
                    platform.clone(),
                    Holder::Platform,
                    kept_platform,
                    events,
                    &listing,
                    at_once,
                    started,
                )
                .await
            }
            None => sync.read_in_full(platform.clone(), Holder::Platform, at_once, started).await,
        };
        sink(SyncEvent::Own(own));
        Ok::<_, Error>(platform)
    };
    // Accounts start loading as soon as their page of the list arrives; the client's rate limiter,
    // not this concurrency, sets the pace.
    let resync = known.is_some();
    // A re-sync reads about one thing per account (its events) where a full read has several
    // in flight at once: twice the accounts keep as many requests in flight (rate × latency).
    let accounts_at_once = match resync {
        true => options.accounts_at_once.saturating_mul(options.requests_at_once.clamp(1, 2)),
        false => options.accounts_at_once,
    };
    let accounts = account::list_connected(client)
        .enumerate()
        .map(|(index, account)| {
            progress.accounts_total.fetch_add(1, Ordering::Relaxed);
            let sync = &sync;
            let listing = listing.clone();
            async move {
                let account = account?;
                let kept = if resync { previous.take(&account.id) } else { None };
                let loaded = match kept {
                    Some(kept) => {
                        let listing = listing.await;
                        let now = jiff::Timestamp::now().as_second();
                        sync.resync_holder(
                            account,
                            Holder::Connected,
                            Some(kept),
                            Events::ListHere,
                            &listing,
                            at_once,
                            now,
                        )
                        .await
                    }
                    None => {
                        let now = jiff::Timestamp::now().as_second();
                        sync.read_in_full(account, Holder::Connected, at_once, now).await
                    }
                };
                sync.progress.accounts_done.fetch_add(1, Ordering::Relaxed);
                Ok::<_, Error>((index, loaded))
            }
        })
        .buffer_unordered(accounts_at_once.max(1))
        .try_for_each(|(index, account)| {
            sink(SyncEvent::Account { index, account });
            futures_util::future::ready(Ok(()))
        });
    // The platform is read alongside the accounts, not before them: one round trip less.
    let (platform, loaded) = tokio::join!(platform, accounts);
    // When both fail, the platform's error is the one to show: it was asked first, and it says
    // whether the key and the API base work at all.
    let platform = platform?;
    loaded?;
    Ok(platform)
}

/// Whose money a [`Syncing::holder`] call reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Holder {
    /// The platform itself: no linked bank accounts listed (Financial Connections lists accounts
    /// by the holder they were linked for, and the platform links none for itself here).
    Platform,
    /// A connected account.
    Connected,
}

/// What every task of one sync shares.
pub(super) struct Syncing<'a> {
    pub client: &'a Client,
    pub words: &'a Words,
    pub progress: &'a Progress,
}

impl Syncing<'_> {
    /// Read `account` in full, its window of events starting at `started` (local time, taken
    /// before the first read).
    pub(super) async fn read_in_full(
        &self,
        account: Account,
        kind: Holder,
        at_once: usize,
        started: Timestamp,
    ) -> ConnectedAccount {
        let mut loaded = self.holder(account, kind, at_once).await;
        loaded.events = Some(EventMark::after_full_read(started));
        self.progress.accounts_read_in_full.fetch_add(1, Ordering::Relaxed);
        loaded
    }

    async fn holder(&self, account: Account, kind: Holder, at_once: usize) -> ConnectedAccount {
        let client = self.client;
        let mut errors = Vec::new();
        let holder = AccountHolder::account(&account.id);
        let linked = async {
            match kind {
                Holder::Connected => fc::list_accounts(client, &holder).try_collect::<Vec<_>>().await,
                Holder::Platform => Ok(Vec::new()),
            }
        };
        let stripe_balance = balance::retrieve(client, Some(&account.id));
        // Listed whatever state the capability is in: an inactive or pending one restricts the
        // financial accounts, it does not take them away. The platform's own account object may
        // carry no treasury capability at all, so it is always asked.
        let listed = lists_financial_accounts(&account, kind);
        let financial = async {
            if !listed {
                return Ok(Vec::new());
            }
            let fas: Vec<FinancialAccount> =
                treasury::list_financial_accounts(client, &account.id).try_collect().await?;
            Ok::<_, Error>(
                stream::iter(fas)
                    .map(|fa| self.financial_account(&account.id, fa))
                    .buffered(at_once.max(1))
                    .collect::<Vec<_>>()
                    .await,
            )
        };
        let (stripe_balance, linked, financial) = if at_once > 1 {
            tokio::join!(stripe_balance, linked, financial)
        } else {
            let stripe_balance = stripe_balance.await;
            let linked = linked.await;
            (stripe_balance, linked, financial.await)
        };
        let stripe_balance = stripe_balance.map_err(|e| errors.push(format!("Stripe balance: {e}"))).ok();
        let linked_accounts = linked.unwrap_or_else(|e| {
            errors.push(format!("linked bank accounts: {e}"));
            Vec::new()
        });
        let mut financial_accounts_read =
            if listed { FinancialAccountsRead::Listed } else { FinancialAccountsRead::NoCapability };
        let financial_accounts = match financial {
            // Not onboarded to Treasury: no financial accounts, and nothing failed.
            Err(e) if treasury::is_not_onboarded(&e) => {
                financial_accounts_read = FinancialAccountsRead::NotOnboarded;
                Vec::new()
            }
            Ok(entries) => entries
                .into_iter()
                .map(|(entry, error)| {
                    if let Some(e) = error {
                        errors.push(format!("inbound transfers of {}: {e}", entry.financial_account.id));
                    }
                    entry
                })
                .collect(),
            Err(e) => {
                errors.push(format!("financial accounts: {e}"));
                Vec::new()
            }
        };
        ConnectedAccount {
            account,
            financial_accounts,
            financial_accounts_read,
            linked_accounts,
            stripe_balance,
            errors,
            events: None,
        }
    }

    /// `fa` with its inbound transfers listed in full.
    pub(super) async fn financial_account(
        &self,
        account_id: &str,
        fa: FinancialAccount,
    ) -> (FinancialAccountEntry, Option<Error>) {
        let read_at = jiff::Timestamp::now().as_second();
        let listed = treasury::list_inbound_transfers(self.client, account_id, &fa.id, None)
            .map_ok(|t| Transfer::new(t, self.words))
            .try_collect::<Vec<_>>()
            .await;
        self.progress.transfer_lists_read.fetch_add(1, Ordering::Relaxed);
        match listed {
            Ok(transfers) => {
                let entry = FinancialAccountEntry {
                    financial_account: fa,
                    inbound_transfers: Arc::new(transfers),
                    transfers_read_at: Some(read_at),
                    transfers_kept: false,
                };
                (entry, None)
            }
            Err(e) => {
                let entry = FinancialAccountEntry {
                    financial_account: fa,
                    inbound_transfers: Arc::default(),
                    transfers_read_at: None,
                    transfers_kept: false,
                };
                (entry, Some(e))
            }
        }
    }
}

/// Whether a sync lists `account`'s financial accounts: whatever state its treasury capability
/// is in (an inactive or pending one restricts them, it does not take them away), and always for
/// the platform, whose own account object may carry no treasury capability at all.
pub(super) fn lists_financial_accounts(account: &Account, kind: Holder) -> bool {
    kind == Holder::Platform || account.treasury_capability().is_some()
}

//! The sync: platform → connected accounts → financial accounts → inbound transfers, and each
//! account's linked bank accounts, as concurrent requests under the client's rate limiter. A quick
//! sync keeps the transfer lists nothing can have changed ([`Previous`]).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures_util::{StreamExt, TryStreamExt, stream};

use super::{
    ConnectedAccount, FinancialAccountEntry, FinancialAccountsRead, LoadOptions, Progress, Snapshot, Transfer, Words,
};
use crate::stripe::account::{self, Account};
use crate::stripe::balance;
use crate::stripe::common::{AccountHolder, Timestamp};
use crate::stripe::financial_connections as fc;
use crate::stripe::treasury::{self, FinancialAccount, FinancialAccountBalance, InboundTransferStatus};
use crate::stripe::{Client, Error};

/// What a quick sync may keep from the sync before it: each financial account's transfers as
/// last read in full, with the balance the account had then.
///
/// Stripe cannot tell a desktop app what changed (that takes webhooks or the events API), but a
/// financial account's balance can tell it about its inbound transfers: every step of one moves
/// money. A new transfer adds to `inbound_pending`; succeeding moves it to `cash`; failing, or a
/// cancel while processing, takes it out; a return takes it out of `cash`. So the transfers of a
/// financial account whose balance is exactly what it was are not listed again, except:
/// - a financial account not seen before, or whose list failed to load last time;
/// - one with manual review (`inbound_transfers.ach.platform_review`): new transfers wait in
///   `requires_confirmation` before any money moves, and a cancel there moves none;
/// - one that held a transfer awaiting confirmation or in a status this app does not know.
///
/// Blind spots, which a full sync clears (the app makes every sync full when the last full one is
/// an hour old, Shift+F5 forces one, and `export` always reads everything): changes that cancel out
/// exactly within one financial account between two syncs (a transfer failing while another of
/// the same amount arrives), and fields of settled transfers that move no money.
#[derive(Debug, Default)]
pub struct Previous {
    kept: HashMap<String, Kept>,
}

#[derive(Debug)]
struct Kept {
    balance: FinancialAccountBalance,
    transfers: Arc<Vec<Transfer>>,
    read_at: Timestamp,
}

impl Previous {
    /// Nothing kept: every list is read (a full sync).
    pub fn none() -> Self {
        Self::default()
    }

    /// What `snapshot` lets the next sync keep: transfer lists that loaded in full. Cheap: the
    /// lists are shared, not copied.
    pub fn of(snapshot: &Snapshot) -> Self {
        let kept = snapshot
            .holders()
            .flat_map(|a| &a.financial_accounts)
            .filter_map(|entry| {
                let read_at = entry.transfers_read_at?;
                let kept = Kept {
                    balance: entry.financial_account.balance.clone(),
                    transfers: entry.inbound_transfers.clone(),
                    read_at,
                };
                Some((entry.financial_account.id.clone(), kept))
            })
            .collect();
        Self { kept }
    }

    /// Nothing to keep: the sync using it is a full one.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The kept transfers of `fa` if nothing in them can have changed, else `None`.
    fn still_current(&self, fa: &FinancialAccount) -> Option<&Kept> {
        let kept = self.kept.get(&fa.id)?;
        let waits_without_money = fa.has_manual_review()
            || kept.transfers.iter().any(|t| {
                matches!(t.status, InboundTransferStatus::RequiresConfirmation | InboundTransferStatus::Unknown(_))
            });
        (kept.balance == fa.balance && !waits_without_money).then_some(kept)
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
/// account once everything has loaded. Transfer lists that `previous` shows unchanged are kept.
pub async fn load_into(
    client: &Client,
    progress: Arc<Progress>,
    options: LoadOptions,
    previous: &Previous,
    sink: impl Fn(SyncEvent) + Send + Sync,
) -> Result<Account, Error> {
    let words = Words::default();
    let sync = Syncing { client, previous, words: &words, progress: &progress };
    let platform = async {
        let platform = account::retrieve_platform(client).await?;
        sink(SyncEvent::Platform(platform.clone()));
        // The platform's own money, read like a connected account's but without `Stripe-Account`
        // (the client drops it for the key's own account).
        let own = sync.holder(platform.clone(), Holder::Platform, options.requests_at_once).await;
        sink(SyncEvent::Own(own));
        Ok::<_, Error>(platform)
    };
    // Accounts start loading as soon as their page of the list arrives; the client's rate limiter,
    // not this concurrency, sets the pace.
    let accounts = account::list_connected(client)
        .enumerate()
        .map(|(index, account)| {
            progress.accounts_total.fetch_add(1, Ordering::Relaxed);
            let sync = &sync;
            async move {
                let account = account?;
                let loaded = sync.holder(account, Holder::Connected, options.requests_at_once).await;
                sync.progress.accounts_done.fetch_add(1, Ordering::Relaxed);
                Ok::<_, Error>((index, loaded))
            }
        })
        .buffer_unordered(options.accounts_at_once.max(1))
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
enum Holder {
    /// The platform itself: no linked bank accounts listed (Financial Connections lists accounts
    /// by the holder they were linked for, and the platform links none for itself here).
    Platform,
    /// A connected account.
    Connected,
}

/// What every task of one sync shares.
struct Syncing<'a> {
    client: &'a Client,
    previous: &'a Previous,
    words: &'a Words,
    progress: &'a Progress,
}

impl Syncing<'_> {
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
        let listed = kind == Holder::Platform || account.treasury_capability().is_some();
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
        }
    }

    async fn financial_account(
        &self,
        account_id: &str,
        fa: FinancialAccount,
    ) -> (FinancialAccountEntry, Option<Error>) {
        if let Some(kept) = self.previous.still_current(&fa) {
            self.progress.transfer_lists_kept.fetch_add(1, Ordering::Relaxed);
            let entry = FinancialAccountEntry {
                financial_account: fa,
                inbound_transfers: kept.transfers.clone(),
                transfers_read_at: Some(kept.read_at),
                transfers_kept: true,
            };
            return (entry, None);
        }
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

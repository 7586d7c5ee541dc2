//! The sandbox over real HTTP on 127.0.0.1 (random port), driven by the crate's own client and,
//! where the client would refuse to send something, by raw `reqwest`.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use futures_util::TryStreamExt;
use serde_json::Value;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::secret::Secret;
use treasury_desk::stripe::account::CapabilityStatus;
use treasury_desk::stripe::common::AccountHolder;
use treasury_desk::stripe::financial_connections::{self as fc, AccountStatus, BalanceType};
use treasury_desk::stripe::treasury::{self, Feature, FinancialAccount, InboundTransfer, InboundTransferStatus};
use treasury_desk::stripe::{Client, ClientConfig, Error, Form, IdempotencyKey, RequestOptions, account};

async fn start() -> Sandbox {
    start_with(SandboxConfig::default()).await
}

async fn start_with(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config, 0).await.expect("sandbox starts")
}

fn client(sandbox: &Sandbox) -> Client {
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.backoff.initial = Duration::from_millis(5);
    config.backoff.max = Duration::from_millis(20);
    Client::new(config).expect("client builds")
}

/// A plain HTTP client for raw requests (rustls needs its crypto provider installed first).
fn http() -> reqwest::Client {
    treasury_desk::stripe::install_tls();
    reqwest::Client::new()
}
/// A raw request with the right key.
fn raw(sandbox: &Sandbox, method: reqwest::Method, path_and_query: &str) -> reqwest::RequestBuilder {
    http().request(method, format!("{}{path_and_query}", sandbox.base_url())).bearer_auth(sandbox.api_key().expose())
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    text: String,
    json: Value,
}

impl Answer {
    fn error(&self, field: &str) -> Option<&str> {
        self.json["error"][field].as_str()
    }
}

async fn send(builder: reqwest::RequestBuilder) -> Answer {
    let response = builder.send().await.expect("sandbox answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body reads");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, headers, text, json }
}

fn form_post(builder: reqwest::RequestBuilder, body: &str) -> reqwest::RequestBuilder {
    builder.header("Content-Type", "application/x-www-form-urlencoded").body(body.to_owned())
}

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> (u16, treasury_desk::stripe::ApiError) {
    let error = result.expect_err("the call fails");
    let status = error.status().expect("the server answered");
    let api = error.api_error().cloned().expect("a Stripe error object");
    (status, api)
}

/// A connected account and one of its open FAs that takes inbound transfers, with or without review.
fn find_fa(sandbox: &Sandbox, review: bool, skip: usize) -> (String, FinancialAccount) {
    let state = sandbox.state();
    state
        .connected_account_ids()
        .into_iter()
        .flat_map(|acct| state.financial_accounts_of(&acct).into_iter().map(move |fa| (acct.clone(), fa)))
        .filter(|(_, fa)| {
            fa.is_open()
                && fa.active_features.contains(&Feature::InboundTransfersAch)
                && fa.has_manual_review() == review
        })
        .nth(skip)
        .expect("the seed has such a financial account")
}

async fn create_transfer(client: &Client, acct: &str, fa: &str, amount: i64) -> Result<InboundTransfer, Error> {
    let form = Form::new()
        .set("amount", amount)
        .set("currency", "usd")
        .set("financial_account", fa)
        .set("origin_payment_method", "pm_usBankAccount_processing")
        .set("description", "test top-up")
        .set("metadata[order]", "42");
    client.post("/v1/treasury/inbound_transfers", &form, &RequestOptions::on_behalf_of(acct)).await
}

#[tokio::test]
async fn bearer_and_basic_auth_are_accepted_and_every_answer_is_stamped() {
    let sandbox = start().await;
    let bearer = send(raw(&sandbox, reqwest::Method::GET, "/v1/account")).await;
    assert_eq!(bearer.status, 200, "{}", bearer.text);
    assert_eq!(bearer.json["business_profile"]["name"], "Northwind Capital (sandbox)");
    assert_eq!(bearer.headers["content-type"].to_str().ok(), Some("application/json"));
    let request_id = bearer.headers["request-id"].to_str().unwrap_or("");
    assert!(request_id.starts_with("req_") && request_id.len() > 8, "{request_id}");

    let basic =
        send(http().get(format!("{}/v1/account", sandbox.base_url())).basic_auth(sandbox.api_key().expose(), Some("")))
            .await;
    assert_eq!(basic.status, 200, "{}", basic.text);
    assert_eq!(basic.json["id"], bearer.json["id"]);

    let platform = account::retrieve_platform(&client(&sandbox)).await.expect("platform");
    assert_eq!(platform.id, sandbox.state().platform_account_id());
    assert_eq!(platform.display_name(), "Northwind Capital (sandbox)");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn auth_failures_are_401_and_never_echo_the_key() {
    let sandbox = start().await;
    let url = format!("{}/v1/accounts", sandbox.base_url());
    let http = http();

    let missing = send(http.get(&url)).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.error("type"), Some("invalid_request_error"));
    assert!(missing.error("message").is_some_and(|m| m.contains("You did not provide an API key")), "{}", missing.text);
    assert!(missing.headers.contains_key("request-id"));

    let wrong_key = "sk_test_51WRONGKEYbodyXYZabcdefgh9876";
    let wrong = send(http.get(&url).bearer_auth(wrong_key)).await;
    assert_eq!(wrong.status, 401);
    let message = wrong.error("message").unwrap_or("");
    assert!(message.contains("Invalid API Key provided"), "{message}");
    assert!(message.contains("sk_test_****9876"), "{message}");
    assert!(!wrong.text.contains("WRONGKEY"), "{}", wrong.text);
    assert!(!wrong.text.contains(wrong_key));

    let wrong_basic = send(http.get(&url).basic_auth(wrong_key, Some(""))).await;
    assert_eq!(wrong_basic.status, 401);
    assert!(!wrong_basic.text.contains("WRONGKEY"));

    let publishable = send(http.get(&url).bearer_auth("pk_test_51abcdefghijklmnop")).await;
    assert_eq!(publishable.status, 401);
    assert!(publishable.error("message").is_some_and(|m| m.contains("publishable")), "{}", publishable.text);

    // A client configured with another (well-formed) key gets a typed 401.
    let other =
        Client::new(ClientConfig::new(sandbox.base_url(), Secret::new("sk_test_someoneelseskey1234"))).expect("client");
    let (status, error) = api_error(account::retrieve_platform(&other).await);
    assert_eq!(status, 401);
    assert!(!error.message.unwrap_or_default().contains("someoneelse"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_configured_key_replaces_the_default() {
    let config = SandboxConfig { api_key: Secret::new("sk_test_customkey123456"), ..SandboxConfig::default() };
    let sandbox = start_with(config).await;
    assert_eq!(sandbox.api_key().expose(), "sk_test_customkey123456");
    let default_key = send(
        http().get(format!("{}/v1/account", sandbox.base_url())).bearer_auth(treasury_desk::sandbox::DEFAULT_API_KEY),
    )
    .await;
    assert_eq!(default_key.status, 401);
    let ok = send(raw(&sandbox, reqwest::Method::GET, "/v1/account")).await;
    assert_eq!(ok.status, 200);
    sandbox.shutdown().await;
}

fn fingerprint(sandbox: &Sandbox) -> Vec<String> {
    let state = sandbox.state();
    let mut ids = state.connected_account_ids();
    for acct in state.connected_account_ids() {
        ids.extend(state.financial_accounts_of(&acct).into_iter().map(|f| f.id));
        ids.extend(state.inbound_transfers_of(&acct).into_iter().map(|t| t.id));
        ids.extend(state.fc_accounts_of(&acct).into_iter().map(|a| a.id));
    }
    ids
}

#[tokio::test]
async fn the_same_seed_gives_the_same_ids() {
    let a = start().await;
    let b = start().await;
    let c = start_with(SandboxConfig { seed: 7, ..SandboxConfig::default() }).await;
    let (fa, fb, fc) = (fingerprint(&a), fingerprint(&b), fingerprint(&c));
    assert!(fa.len() > 60, "{}", fa.len());
    assert_eq!(fa, fb);
    assert_ne!(fa, fc);
    assert_eq!(a.state().platform_account_id(), b.state().platform_account_id());

    // Over the wire too: the listed accounts are the same, and there are 25 of them.
    let listed_a: Vec<_> = account::list_connected(&client(&a)).map_ok(|x| x.id).try_collect().await.expect("list a");
    let listed_b: Vec<_> = account::list_connected(&client(&b)).map_ok(|x| x.id).try_collect().await.expect("list b");
    assert_eq!(listed_a.len(), 25);
    assert_eq!(listed_a, listed_b);
    for id in &listed_a {
        assert!(id.starts_with("acct_1Nv") && id.len() == 21, "{id}");
    }
    for s in [a, b, c] {
        s.shutdown().await;
    }
}

#[tokio::test]
async fn the_seed_covers_every_shape_the_app_shows() {
    let sandbox = start().await;
    let state = sandbox.state();
    let platform = state.platform_account_id();
    assert_eq!(state.financial_accounts_of(&platform).len(), 1);

    let mut statuses = HashSet::new();
    let (mut returned, mut closed, mut review, mut eur) = (0, 0, 0, 0);
    let mut capabilities = HashSet::new();
    for acct in state.connected_account_ids() {
        let account = state.connected_account(&acct).expect("account");
        capabilities.insert(account.treasury_capability().map_or("absent".to_owned(), |c| c.to_string()));
        let fas = state.financial_accounts_of(&acct);
        match account.treasury_capability() {
            // Never requested, or not granted yet: none could have been opened.
            None | Some(CapabilityStatus::Pending) => assert!(fas.is_empty(), "{acct} holds FAs without treasury"),
            // Deactivated (requirements past due): they stay, their money-moving features restricted.
            Some(CapabilityStatus::Inactive) => {
                assert!(!fas.is_empty(), "{acct}: a deactivated capability keeps its financial accounts");
                for fa in &fas {
                    assert!(fa.restricted_features.contains(&Feature::InboundTransfersAch), "{}", fa.id);
                    assert!(!fa.active_features.contains(&Feature::InboundTransfersAch), "{}", fa.id);
                }
            }
            _ => {}
        }
        assert!(fas.iter().filter(|f| f.is_open()).count() <= 3);
        for fa in &fas {
            assert!(fa.id.starts_with("fa_1") && !fa.livemode);
            closed +=
                usize::from(!fa.is_open() && fa.status_details.closed.as_ref().is_some_and(|c| !c.reasons.is_empty()));
            review += usize::from(fa.has_manual_review());
            eur += usize::from(fa.balance.cash.contains_key("eur"));
            for address in &fa.financial_addresses {
                let aba = address.aba.as_ref().expect("aba");
                assert!(aba.account_number.is_none());
                assert_eq!(aba.account_number_last4.as_deref().map(str::len), Some(4));
            }
        }
        for t in state.inbound_transfers_of(&acct) {
            let fa = fas
                .iter()
                .find(|f| f.id == t.financial_account)
                .expect("the transfer's FA belongs to the same account");
            if t.status == InboundTransferStatus::RequiresConfirmation {
                assert!(fa.has_manual_review(), "{} on {}", t.id, fa.id);
            }
            if t.status == InboundTransferStatus::Failed {
                assert!(t.failure_details.is_some());
            }
            if t.returned == Some(true) {
                returned += 1;
                assert!(t.linked_flows.received_debit.is_some());
            }
            assert!(t.hosted_regulatory_receipt_url.as_deref().is_some_and(|u| u.starts_with(&sandbox.base_url())));
            statuses.insert(t.status.to_string());
        }
    }
    for s in ["processing", "succeeded", "failed", "canceled", "requires_confirmation"] {
        assert!(statuses.contains(s), "no {s} transfer in {statuses:?}");
    }
    for c in ["active", "pending", "inactive", "absent"] {
        assert!(capabilities.contains(c), "no {c} treasury capability");
    }
    assert!(returned > 0 && closed > 0 && review > 0 && eur > 0);

    let fcas = state.all_fc_accounts();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64;
    let has = |f: &dyn Fn(&fc::Account) -> bool| fcas.iter().any(f);
    assert!(has(&|a| a.balance.is_none()));
    assert!(has(&|a| a.balance.as_ref().is_some_and(|b| b.kind == BalanceType::Credit
        && b.credit_used().is_some()
        && b.current.values().all(|v| *v < 0))));
    assert!(has(&|a| a
        .balance
        .as_ref()
        .is_some_and(|b| b.kind == BalanceType::Cash && b.cash.as_ref().is_some_and(|c| c.available.is_none()))));
    assert!(has(&|a| a.balance.as_ref().is_some_and(|b| b.as_of < now - 24 * 3600)));
    assert!(has(&|a| a.balance_refresh.is_none()));
    assert!(has(&|a| a.status == AccountStatus::Disconnected));
    assert!(has(&|a| a.relink_required()));
    assert!(has(&|a| a.status == AccountStatus::Inactive && !a.relink_required()));
    assert!(has(&|a| a.balance_refresh.as_ref().is_some_and(|r| r.next_refresh_available_at.is_some_and(|n| n > now))));
    assert!(has(&|a| a.balance_refresh.as_ref().is_some_and(|r| r.next_refresh_available_at.is_some_and(|n| n < now))));
    // One authorization shared by two accounts of the same bank at one holder.
    let mut by_auth: BTreeMap<String, Vec<&fc::Account>> = BTreeMap::new();
    for a in &fcas {
        if let Some(auth) = &a.authorization {
            by_auth.entry(auth.clone()).or_default().push(a);
        }
    }
    assert!(by_auth.values().any(|group| {
        group.len() >= 2
            && group
                .iter()
                .all(|a| a.institution_name == group[0].institution_name && a.account_holder == group[0].account_holder)
    }));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn treasury_objects_are_scoped_to_the_stripe_account() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let (owner, fa) = find_fa(&sandbox, false, 0);
    let other = sandbox.state().connected_account_ids().into_iter().find(|a| *a != owner).expect("another account");
    let transfer = sandbox.state().inbound_transfers_of(&owner).into_iter().next().expect("a transfer");

    // The owner sees them.
    let own: FinancialAccount = client
        .get(&format!("/v1/treasury/financial_accounts/{}", fa.id), &Form::new(), &RequestOptions::on_behalf_of(&owner))
        .await
        .expect("own FA");
    assert_eq!(own.id, fa.id);
    let listed: Vec<FinancialAccount> =
        treasury::list_financial_accounts(&client, &owner).try_collect().await.expect("list");
    assert_eq!(listed.len(), sandbox.state().financial_accounts_of(&owner).len());

    // Another account gets 404, as if they did not exist.
    let (status, error) = api_error(
        client
            .get::<FinancialAccount>(
                &format!("/v1/treasury/financial_accounts/{}", fa.id),
                &Form::new(),
                &RequestOptions::on_behalf_of(&other),
            )
            .await,
    );
    assert_eq!((status, error.code.as_deref()), (404, Some("resource_missing")));
    assert_eq!(error.param.as_deref(), Some("id"));
    let (status, _) = api_error(
        client
            .get::<InboundTransfer>(
                &format!("/v1/treasury/inbound_transfers/{}", transfer.id),
                &Form::new(),
                &RequestOptions::on_behalf_of(&other),
            )
            .await,
    );
    assert_eq!(status, 404);
    let (status, error) =
        api_error(treasury::list_inbound_transfers(&client, &other, &fa.id, None).try_collect::<Vec<_>>().await);
    assert_eq!(status, 404);
    assert_eq!(error.param.as_deref(), Some("financial_account"));
    // Without the header: the platform's own objects only.
    let platform_fas: treasury_desk::stripe::List<FinancialAccount> = client
        .get("/v1/treasury/financial_accounts", &Form::new(), &RequestOptions::default())
        .await
        .expect("platform FAs");
    let platform_ids: Vec<_> = platform_fas.data.iter().map(|f| f.id.clone()).collect();
    assert_eq!(platform_ids.len(), 1);
    assert!(!platform_ids.contains(&fa.id));

    // An unknown account: 403.
    let (status, error) =
        api_error(treasury::list_financial_accounts(&client, "acct_1NvDoesNotExist00").try_collect::<Vec<_>>().await);
    assert_eq!(status, 403);
    assert_eq!(error.code.as_deref(), Some("account_invalid"));
    assert!(error.message.unwrap_or_default().contains("does not have access to account 'acct_1NvDoesNotExist00'"));

    // The status filter on financial accounts.
    let all_closed: Vec<FinancialAccount> = sandbox
        .state()
        .connected_account_ids()
        .into_iter()
        .flat_map(|a| sandbox.state().financial_accounts_of(&a))
        .filter(|f| !f.is_open())
        .collect();
    let closed_owner = sandbox.state().owner_of(&all_closed[0].id).expect("owner");
    let closed: treasury_desk::stripe::List<FinancialAccount> = client
        .get(
            "/v1/treasury/financial_accounts",
            &Form::new().set("status", "closed"),
            &RequestOptions::on_behalf_of(&closed_owner),
        )
        .await
        .expect("closed FAs");
    assert!(!closed.data.is_empty() && closed.data.iter().all(|f| !f.is_open()));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn pagination_over_130_transfers_keeps_stripe_account_and_status() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let (acct, fa) = find_fa(&sandbox, false, 0);
    let seeded =
        sandbox.state().inbound_transfers_of(&acct).into_iter().filter(|t| t.financial_account == fa.id).count();
    let mut created = Vec::new();
    for i in 0..130 {
        let t = create_transfer(&client, &acct, &fa.id, 1000 + i).await.expect("created");
        assert_eq!(t.status, InboundTransferStatus::Processing);
        assert!(t.cancelable);
        assert_eq!(t.metadata.get("order").map(String::as_str), Some("42"));
        created.push(t.id);
    }
    let before = sandbox.state().requests().len();
    let listed: Vec<InboundTransfer> =
        treasury::list_inbound_transfers(&client, &acct, &fa.id, None).try_collect().await.expect("listed");
    assert_eq!(listed.len(), seeded + 130);
    let ids: HashSet<_> = listed.iter().map(|t| t.id.clone()).collect();
    assert_eq!(ids.len(), listed.len(), "an object arrived twice");
    assert!(created.iter().all(|id| ids.contains(id)));
    assert!(listed.iter().all(|t| t.financial_account == fa.id));
    // Newest first.
    assert!(listed.windows(2).all(|w| w[0].created >= w[1].created));
    let pages: Vec<_> = sandbox.state().requests()[before..]
        .iter()
        .filter(|r| r.path == "/v1/treasury/inbound_transfers" && r.method == "GET")
        .cloned()
        .collect();
    assert!(pages.len() >= 2, "{pages:?}");
    assert!(pages.iter().all(|r| r.stripe_account.as_deref() == Some(acct.as_str())));
    assert!(pages[1..].iter().all(|r| { r.query.as_deref().is_some_and(|q| q.contains("starting_after=")) }));

    // With a status filter: every page keeps it, and only that status arrives.
    let before = sandbox.state().requests().len();
    let processing: Vec<InboundTransfer> =
        treasury::list_inbound_transfers(&client, &acct, &fa.id, Some(&InboundTransferStatus::Processing))
            .try_collect()
            .await
            .expect("filtered");
    let expected = sandbox
        .state()
        .inbound_transfers_of(&acct)
        .into_iter()
        .filter(|t| t.financial_account == fa.id && t.status == InboundTransferStatus::Processing)
        .count();
    assert!(expected >= 130);
    assert_eq!(processing.len(), expected);
    assert!(processing.iter().all(|t| t.status == InboundTransferStatus::Processing));
    let pages: Vec<_> = sandbox.state().requests()[before..]
        .iter()
        .filter(|r| r.path == "/v1/treasury/inbound_transfers")
        .cloned()
        .collect();
    assert!(pages.len() >= 2);
    assert!(pages.iter().all(|r| {
        r.stripe_account.as_deref() == Some(acct.as_str())
            && r.query.as_deref().is_some_and(|q| q.contains("status=processing"))
    }));

    // The FA's pending balance counts the new transfers.
    let fa_now = sandbox.state().financial_account(&fa.id).expect("fa");
    let added: i64 = (0..130).map(|i| 1000 + i).sum();
    assert_eq!(
        fa_now.balance.inbound_pending.get("usd"),
        fa.balance.inbound_pending.get("usd").map(|v| v + added).as_ref()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn raw_pages_walk_forward_and_back() {
    let sandbox = start().await;
    let first = send(raw(&sandbox, reqwest::Method::GET, "/v1/accounts?limit=10")).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.json["object"], "list");
    assert_eq!(first.json["url"], "/v1/accounts");
    assert_eq!(first.json["has_more"], true);
    let ids = |a: &Answer| -> Vec<String> {
        a.json["data"]
            .as_array()
            .map(|d| d.iter().filter_map(|x| x["id"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    let page1 = ids(&first);
    assert_eq!(page1.len(), 10);
    let second =
        send(raw(&sandbox, reqwest::Method::GET, &format!("/v1/accounts?limit=10&starting_after={}", page1[9]))).await;
    let page2 = ids(&second);
    assert_eq!(page2.len(), 10);
    assert!(page2.iter().all(|id| !page1.contains(id)));
    let back =
        send(raw(&sandbox, reqwest::Method::GET, &format!("/v1/accounts?limit=10&ending_before={}", page2[0]))).await;
    assert_eq!(ids(&back), page1);
    let third =
        send(raw(&sandbox, reqwest::Method::GET, &format!("/v1/accounts?limit=10&starting_after={}", page2[9]))).await;
    assert_eq!(ids(&third).len(), 5);
    assert_eq!(third.json["has_more"], false);

    // The created filter.
    let state = sandbox.state();
    let mut created: Vec<i64> = state
        .connected_account_ids()
        .iter()
        .filter_map(|id| state.connected_account(id).and_then(|a| a.created))
        .collect();
    created.sort_unstable();
    let mid = created[created.len() / 2];
    let expected = created.iter().filter(|c| **c >= mid).count();
    let filtered =
        send(raw(&sandbox, reqwest::Method::GET, &format!("/v1/accounts?limit=100&created[gte]={mid}"))).await;
    assert_eq!(ids(&filtered).len(), expected);
    assert!(expected < created.len());
    let exact = send(raw(&sandbox, reqwest::Method::GET, &format!("/v1/accounts?created={mid}"))).await;
    assert_eq!(ids(&exact).len(), created.iter().filter(|c| **c == mid).count());
    let bad = send(raw(&sandbox, reqwest::Method::GET, "/v1/accounts?created[after]=1")).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.error("param"), Some("created[after]"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bad_params_routes_and_ids_get_stripe_errors() {
    let sandbox = start().await;
    let (acct, fa) = find_fa(&sandbox, false, 0);
    let get = |path: &str| send(raw(&sandbox, reqwest::Method::GET, path));

    let unknown = get("/v1/accounts?colour=blue").await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.error("code"), Some("parameter_unknown"));
    assert_eq!(unknown.error("param"), Some("colour"));
    assert_eq!(unknown.error("message"), Some("Received unknown parameter: colour"));
    // expand[] is accepted.
    assert_eq!(get("/v1/accounts?expand[]=data.capabilities").await.status, 200);

    for limit in ["0", "101", "abc", "-1"] {
        let bad = get(&format!("/v1/accounts?limit={limit}")).await;
        assert_eq!(bad.status, 400, "limit={limit}");
        assert_eq!(bad.error("code"), Some("parameter_invalid_integer"));
        assert_eq!(bad.error("param"), Some("limit"));
    }
    assert_eq!(get("/v1/accounts?limit=100").await.status, 200);
    let cursor = get("/v1/accounts?starting_after=acct_nope").await;
    assert_eq!(cursor.status, 400);
    assert_eq!(cursor.error("param"), Some("starting_after"));

    let route = get("/v1/nope").await;
    assert_eq!(route.status, 404);
    assert_eq!(route.error("type"), Some("invalid_request_error"));
    assert!(route.error("message").is_some_and(|m| m.starts_with("Unrecognized request URL (GET: /v1/nope)")));
    let wrong_method = send(form_post(raw(&sandbox, reqwest::Method::POST, "/v1/accounts"), "")).await;
    assert_eq!(wrong_method.status, 404);
    assert!(wrong_method.headers.contains_key("request-id"));

    let missing_id = get("/v1/accounts/acct_missing").await;
    assert_eq!(missing_id.status, 404);
    assert_eq!(missing_id.error("code"), Some("resource_missing"));
    assert_eq!(missing_id.error("param"), Some("id"));
    assert_eq!(missing_id.error("message"), Some("No such account: 'acct_missing'"));

    let no_fa =
        send(raw(&sandbox, reqwest::Method::GET, "/v1/treasury/inbound_transfers").header("Stripe-Account", &acct))
            .await;
    assert_eq!(no_fa.status, 400);
    assert_eq!(no_fa.error("code"), Some("parameter_missing"));
    assert_eq!(no_fa.error("param"), Some("financial_account"));

    let bad_status = send(
        raw(
            &sandbox,
            reqwest::Method::GET,
            &format!("/v1/treasury/inbound_transfers?financial_account={}&status=lost", fa.id),
        )
        .header("Stripe-Account", &acct),
    )
    .await;
    assert_eq!(bad_status.status, 400);
    assert_eq!(bad_status.error("param"), Some("status"));

    let post_unknown = send(
        form_post(
            raw(&sandbox, reqwest::Method::POST, "/v1/treasury/inbound_transfers"),
            &format!("amount=100&currency=usd&financial_account={}&origin_payment_method=pm_1x&speed=fast", fa.id),
        )
        .header("Stripe-Account", &acct),
    )
    .await;
    assert_eq!(post_unknown.status, 400);
    assert_eq!(post_unknown.error("param"), Some("speed"));
    assert_eq!(post_unknown.error("code"), Some("parameter_unknown"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn create_validates_like_stripe() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let (acct, fa) = find_fa(&sandbox, false, 0);
    let post = |form: Form, on: &str| {
        let client = client.clone();
        let on = on.to_owned();
        async move {
            client
                .post::<InboundTransfer>("/v1/treasury/inbound_transfers", &form, &RequestOptions::on_behalf_of(&on))
                .await
        }
    };
    let base = || {
        Form::new()
            .set("amount", 5000)
            .set("currency", "usd")
            .set("financial_account", &fa.id)
            .set("origin_payment_method", "pm_usBankAccount_processing")
    };
    let ok = post(base().set("statement_descriptor", "PAYROLL"), &acct).await.expect("created");
    assert_eq!(ok.statement_descriptor, "PAYROLL");
    assert_eq!(ok.amount, 5000);
    assert!(ok.id.starts_with("ibt_1"));
    assert!(!ok.livemode);
    let default = post(base(), &acct).await.expect("created");
    assert_eq!(default.statement_descriptor, "transfer");

    let cases: Vec<(Form, &str)> = vec![
        (base().set("amount", -5), "amount"),
        (base().set("amount", "ten"), "amount"),
        (base().set("currency", "eur"), "currency"),
        (base().set("origin_payment_method", "ba_1"), "origin_payment_method"),
        (base().set("statement_descriptor", "ELEVENCHARS"), "statement_descriptor"),
    ];
    for (form, param) in cases {
        let (status, error) = api_error(post(form, &acct).await);
        assert_eq!((status, error.param.as_deref()), (400, Some(param)));
    }
    let missing =
        Form::new().set("currency", "usd").set("financial_account", &fa.id).set("origin_payment_method", "pm_1");
    let (status, error) = api_error(post(missing, &acct).await);
    assert_eq!((status, error.code.as_deref()), (400, Some("parameter_missing")));
    assert_eq!(error.param.as_deref(), Some("amount"));

    // Another account's FA: 404 on financial_account.
    let other = sandbox.state().connected_account_ids().into_iter().find(|a| *a != acct).expect("other");
    let (status, error) = api_error(post(base(), &other).await);
    assert_eq!((status, error.param.as_deref()), (404, Some("financial_account")));

    // A closed FA: 400.
    let closed = sandbox
        .state()
        .connected_account_ids()
        .into_iter()
        .flat_map(|a| sandbox.state().financial_accounts_of(&a).into_iter().map(move |f| (a.clone(), f)))
        .find(|(_, f)| !f.is_open())
        .expect("a closed FA");
    let (status, error) = api_error(post(base().set("financial_account", &closed.1.id), &closed.0).await);
    assert_eq!(status, 400);
    assert!(error.message.unwrap_or_default().contains("closed"));

    // A manual-review FA: the new transfer waits for confirmation.
    let (racct, rfa) = find_fa(&sandbox, true, 0);
    let waiting = post(base().set("financial_account", &rfa.id), &racct).await.expect("created");
    assert_eq!(waiting.status, InboundTransferStatus::RequiresConfirmation);
    assert!(waiting.cancelable);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn idempotent_posts_replay_and_never_act_twice() {
    let sandbox = start().await;
    let (acct, fa) = find_fa(&sandbox, false, 0);
    let count = || sandbox.state().inbound_transfers_of(&acct).len();
    let body = format!(
        "amount=2500&currency=usd&financial_account={}&origin_payment_method=pm_usBankAccount_processing",
        fa.id
    );
    let post = |key: Option<&str>, body: &str| {
        let mut builder = form_post(raw(&sandbox, reqwest::Method::POST, "/v1/treasury/inbound_transfers"), body)
            .header("Stripe-Account", &acct);
        if let Some(key) = key {
            builder = builder.header("Idempotency-Key", key);
        }
        send(builder)
    };
    let start_count = count();
    let first = post(Some("key-one"), &body).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert!(!first.headers.contains_key("idempotent-replayed"));
    let again = post(Some("key-one"), &body).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.text, first.text, "replayed byte for byte");
    assert_eq!(again.headers.get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    assert_ne!(again.headers["request-id"], first.headers["request-id"]);
    assert_eq!(count(), start_count + 1);

    let different = post(Some("key-one"), &body.replace("2500", "2600")).await;
    assert_eq!(different.status, 400);
    assert_eq!(different.error("type"), Some("idempotency_error"));
    assert_eq!(count(), start_count + 1);

    let too_long = post(Some(&"k".repeat(256)), &body).await;
    assert_eq!(too_long.status, 400);
    assert_eq!(count(), start_count + 1);
    let longest = post(Some(&"k".repeat(255)), &body).await;
    assert_eq!(longest.status, 200);

    // Without a key, each POST acts.
    post(None, &body).await;
    post(None, &body).await;
    assert_eq!(count(), start_count + 4);

    // A validation failure saves no result: the same key may then be used with fixed params.
    let bad = post(Some("key-two"), &body.replace("2500", "-1")).await;
    assert_eq!(bad.status, 400);
    let fixed = post(Some("key-two"), &body).await;
    assert_eq!(fixed.status, 200);

    // Through the client: the same IdempotencyKey twice gives the same object.
    let client = client(&sandbox);
    let key = IdempotencyKey::new();
    let options = RequestOptions::on_behalf_of(&acct).idempotency_key(key);
    let form = Form::new()
        .set("amount", 777)
        .set("currency", "usd")
        .set("financial_account", &fa.id)
        .set("origin_payment_method", "pm_usBankAccount_processing");
    let a: InboundTransfer = client.post("/v1/treasury/inbound_transfers", &form, &options).await.expect("first");
    let b: InboundTransfer = client.post("/v1/treasury/inbound_transfers", &form, &options).await.expect("replay");
    assert_eq!(a, b);
    assert_eq!(count(), start_count + 6);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn financial_connections_accounts_list_by_holder() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let first = sandbox.state().connected_account_ids()[0].clone();
    let listed: Vec<fc::Account> =
        fc::list_accounts(&client, &AccountHolder::account(first.clone())).try_collect().await.expect("listed");
    assert_eq!(listed.len(), 3);
    assert!(
        listed
            .iter()
            .all(|a| a.account_holder == Some(AccountHolder::account(first.clone())) && a.id.starts_with("fca_1"))
    );
    let one = fc::retrieve_account(&client, &listed[0].id).await.expect("retrieved");
    assert_eq!(one, listed[0]);
    let customer: Vec<fc::Account> =
        fc::list_accounts(&client, &AccountHolder::customer("cus_1Nobody")).try_collect().await.expect("customer list");
    assert!(customer.is_empty());

    let get = |path: &str| send(raw(&sandbox, reqwest::Method::GET, path));
    // Both filters are "if present" in Stripe's spec: without one, every linked account, paged.
    let everyone: Vec<fc::Account> = client
        .list("/v1/financial_connections/accounts", Form::new(), RequestOptions::default())
        .try_collect()
        .await
        .expect("listed without a filter");
    let mut expected: Vec<String> = sandbox.state().all_fc_accounts().into_iter().map(|a| a.id).collect();
    let mut got: Vec<String> = everyone.iter().map(|a| a.id.clone()).collect();
    assert!(got.len() > 10, "more than one default page: {}", got.len());
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    let first_page = get("/v1/financial_connections/accounts").await;
    assert_eq!(first_page.status, 200, "{}", first_page.text);
    assert_eq!(first_page.json["data"].as_array().map(Vec::len), Some(10), "Stripe's default page size");
    assert_eq!(first_page.json["has_more"], true);
    let both = get(&format!(
        "/v1/financial_connections/accounts?account_holder[account]={first}&account_holder[customer]=cus_1"
    ))
    .await;
    assert_eq!(both.status, 400);
    let missing = get("/v1/financial_connections/accounts/fca_nope").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.error("code"), Some("resource_missing"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn receipts_are_served_without_auth_and_shutdown_stops_the_server() {
    let sandbox = start().await;
    let transfer = sandbox.state().all_inbound_transfers()[0].clone();
    let url = transfer.hosted_regulatory_receipt_url.expect("receipt url");
    let page = http().get(&url).send().await.expect("receipt");
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains(&transfer.id));
    let base = sandbox.base_url();
    sandbox.shutdown().await;
    let after = http().get(format!("{base}/v1/account")).timeout(Duration::from_secs(2)).send().await;
    assert!(after.is_err(), "still serving after shutdown");
}

/// Phase 2: `POST .../{id}/{verb}` (cancel, confirm) or a test helper (succeed, fail, return).
async fn act(client: &Client, acct: &str, id: &str, verb: &str, form: Form) -> Result<InboundTransfer, Error> {
    let path = match verb {
        "cancel" | "confirm" => format!("/v1/treasury/inbound_transfers/{id}/{verb}"),
        _ => format!("/v1/test_helpers/treasury/inbound_transfers/{id}/{verb}"),
    };
    client.post(&path, &form, &RequestOptions::on_behalf_of(acct)).await
}

fn usd(map: &treasury_desk::stripe::common::Amounts) -> i64 {
    map.get("usd").copied().unwrap_or(0)
}

#[tokio::test]
async fn legal_transitions_move_status_and_money() {
    use InboundTransferStatus as S;
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let (acct, fa) = find_fa(&sandbox, false, 0);
    let balance = || state.financial_account(&fa.id).expect("fa").balance;
    let start_balance = balance();
    let transitions_before = state.transition_count();

    // processing -> succeeded -> returned
    let t1 = create_transfer(&client, &acct, &fa.id, 10_000).await.expect("t1");
    assert_eq!(usd(&balance().inbound_pending), usd(&start_balance.inbound_pending) + 10_000);
    let done = act(&client, &acct, &t1.id, "succeed", Form::new()).await.expect("succeed");
    assert_eq!(done.status, S::Succeeded);
    assert!(!done.cancelable);
    assert!(done.status_transitions.succeeded_at.is_some());
    assert_eq!(usd(&balance().inbound_pending), usd(&start_balance.inbound_pending));
    assert_eq!(usd(&balance().cash), usd(&start_balance.cash) + 10_000);
    let back = act(&client, &acct, &t1.id, "return", Form::new()).await.expect("return");
    assert_eq!(back.status, S::Succeeded);
    assert_eq!(back.returned, Some(true));
    assert!(back.linked_flows.received_debit.as_deref().is_some_and(|rd| rd.starts_with("rd_1")));
    assert_eq!(usd(&balance().cash), usd(&start_balance.cash));

    // processing -> failed (with and without a code)
    let t2 = create_transfer(&client, &acct, &fa.id, 2_000).await.expect("t2");
    let failed = act(&client, &acct, &t2.id, "fail", Form::new().set("failure_details[code]", "account_frozen"))
        .await
        .expect("fail");
    assert_eq!(failed.status, S::Failed);
    assert_eq!(failed.failure_details.map(|d| d.code), Some(treasury::FailureCode::AccountFrozen));
    assert!(failed.status_transitions.failed_at.is_some());
    let t3 = create_transfer(&client, &acct, &fa.id, 3_000).await.expect("t3");
    let failed = act(&client, &acct, &t3.id, "fail", Form::new()).await.expect("fail");
    assert_eq!(failed.failure_details.map(|d| d.code), Some(treasury::FailureCode::CouldNotProcess));

    // processing -> canceled
    let t4 = create_transfer(&client, &acct, &fa.id, 4_000).await.expect("t4");
    let canceled = act(&client, &acct, &t4.id, "cancel", Form::new()).await.expect("cancel");
    assert_eq!(canceled.status, S::Canceled);
    assert!(!canceled.cancelable);
    assert!(canceled.status_transitions.canceled_at.is_some());
    assert_eq!(balance(), start_balance, "every flow above nets to zero");

    // requires_confirmation -> processing -> succeeded, and requires_confirmation -> canceled
    let (racct, rfa) = find_fa(&sandbox, true, 0);
    let rbalance = || state.financial_account(&rfa.id).expect("fa").balance;
    let rstart = rbalance();
    let r1 = create_transfer(&client, &racct, &rfa.id, 5_000).await.expect("r1");
    assert_eq!(r1.status, S::RequiresConfirmation);
    assert_eq!(rbalance(), rstart, "nothing is pending before confirmation");
    let confirmed = act(&client, &racct, &r1.id, "confirm", Form::new().set("funds_availability_delay", 432_000))
        .await
        .expect("confirm");
    assert_eq!(confirmed.status, S::Processing);
    assert_eq!(usd(&rbalance().inbound_pending), usd(&rstart.inbound_pending) + 5_000);
    let done = act(&client, &racct, &r1.id, "succeed", Form::new()).await.expect("succeed");
    assert_eq!(done.status, S::Succeeded);
    assert_eq!(usd(&rbalance().cash), usd(&rstart.cash) + 5_000);
    let r2 = create_transfer(&client, &racct, &rfa.id, 6_000).await.expect("r2");
    let canceled = act(&client, &racct, &r2.id, "cancel", Form::new()).await.expect("cancel");
    assert_eq!(canceled.status, S::Canceled);
    let r3 = create_transfer(&client, &racct, &rfa.id, 7_000).await.expect("r3");
    let confirmed = act(&client, &racct, &r3.id, "confirm", Form::new()).await.expect("confirm");
    let canceled = act(&client, &racct, &confirmed.id, "cancel", Form::new()).await.expect("cancel after confirm");
    assert_eq!(canceled.status, S::Canceled);

    // The store agrees with what was answered, and counted each transition once.
    assert_eq!(state.inbound_transfer(&t1.id).and_then(|t| t.returned), Some(true));
    let made: Vec<_> = state.transitions()[transitions_before..]
        .iter()
        .map(|t| (t.from.to_string(), t.to.to_string(), t.returned))
        .collect();
    let expect = |f: &str, t: &str, r: bool| (f.to_owned(), t.to_owned(), r);
    assert_eq!(
        made,
        vec![
            expect("processing", "succeeded", false),
            expect("succeeded", "succeeded", true),
            expect("processing", "failed", false),
            expect("processing", "failed", false),
            expect("processing", "canceled", false),
            expect("requires_confirmation", "processing", false),
            expect("processing", "succeeded", false),
            expect("requires_confirmation", "canceled", false),
            expect("requires_confirmation", "processing", false),
            expect("processing", "canceled", false),
        ]
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn illegal_transitions_are_refused_and_change_nothing() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let (acct, fa) = find_fa(&sandbox, false, 0);
    let (racct, rfa) = find_fa(&sandbox, true, 0);

    let new = |on: &'static str| {
        let (a, f) = if on == "review" { (&racct, &rfa) } else { (&acct, &fa) };
        let client = client.clone();
        let (a, f) = (a.clone(), f.id.clone());
        async move {
            let t = create_transfer(&client, &a, &f, 1_234).await.expect("created");
            (a, t.id)
        }
    };
    // One transfer in every state.
    let processing = new("plain").await;
    let succeeded = new("plain").await;
    act(&client, &succeeded.0, &succeeded.1, "succeed", Form::new()).await.expect("ok");
    let returned = new("plain").await;
    act(&client, &returned.0, &returned.1, "succeed", Form::new()).await.expect("ok");
    act(&client, &returned.0, &returned.1, "return", Form::new()).await.expect("ok");
    let failed = new("plain").await;
    act(&client, &failed.0, &failed.1, "fail", Form::new()).await.expect("ok");
    let canceled = new("plain").await;
    act(&client, &canceled.0, &canceled.1, "cancel", Form::new()).await.expect("ok");
    let waiting = new("review").await;
    let confirmed = new("review").await;
    act(&client, &confirmed.0, &confirmed.1, "confirm", Form::new()).await.expect("ok");

    let count = state.transition_count();
    let balances =
        (state.financial_account(&fa.id).map(|f| f.balance), state.financial_account(&rfa.id).map(|f| f.balance));
    let cases: Vec<(&(String, String), &str, &str)> = vec![
        (&processing, "return", "processing"),
        (&succeeded, "succeed", "succeeded"),
        (&succeeded, "fail", "succeeded"),
        (&succeeded, "cancel", "succeeded"),
        (&returned, "return", "succeeded"),
        (&failed, "succeed", "failed"),
        (&failed, "fail", "failed"),
        (&failed, "cancel", "failed"),
        (&failed, "return", "failed"),
        (&canceled, "succeed", "canceled"),
        (&canceled, "fail", "canceled"),
        (&canceled, "cancel", "canceled"),
        (&canceled, "return", "canceled"),
        (&waiting, "succeed", "requires_confirmation"),
        (&waiting, "fail", "requires_confirmation"),
        (&waiting, "return", "requires_confirmation"),
        (&confirmed, "confirm", "processing"),
    ];
    for ((on, id), verb, status) in cases {
        let before = state.inbound_transfer(id).expect("exists");
        let (code, error) = api_error(act(&client, on, id, verb, Form::new()).await);
        let message = error.message.unwrap_or_default();
        assert_eq!(code, 400, "{verb} on {status}: {message}");
        assert_eq!(error.kind, treasury_desk::stripe::ErrorType::InvalidRequestError);
        assert!(message.contains(&format!("`{status}`")), "{verb}: {message}");
        assert_eq!(state.inbound_transfer(id), Some(before), "{verb} changed {status}");
    }

    // Confirm where manual review is not enabled: 404 saying so.
    for (on, id) in [&processing, &succeeded] {
        let (code, error) = api_error(act(&client, on, id, "confirm", Form::new()).await);
        assert_eq!((code, error.code.as_deref()), (404, Some("resource_missing")));
        assert!(error.message.unwrap_or_default().contains("Manual review is not enabled"));
    }
    // A seeded processing transfer already submitted to the network is not cancelable.
    let stuck = state
        .all_inbound_transfers()
        .into_iter()
        .find(|t| t.status == InboundTransferStatus::Processing && !t.cancelable)
        .expect("a non-cancelable processing transfer in the seed");
    let owner = state.owner_of(&stuck.id).expect("owner");
    let (code, error) = api_error(act(&client, &owner, &stuck.id, "cancel", Form::new()).await);
    assert_eq!(code, 400);
    assert!(error.message.unwrap_or_default().contains("cancelable"));

    // Bad parameters.
    for delay in ["432001", "-1", "soon"] {
        let (code, error) = api_error(
            act(&client, &waiting.0, &waiting.1, "confirm", Form::new().set("funds_availability_delay", delay)).await,
        );
        assert_eq!((code, error.param.as_deref()), (400, Some("funds_availability_delay")));
    }
    let (code, error) = api_error(
        act(&client, &processing.0, &processing.1, "fail", Form::new().set("failure_details[code]", "bad_luck")).await,
    );
    assert_eq!((code, error.param.as_deref()), (400, Some("failure_details[code]")));
    let (code, error) =
        api_error(act(&client, &processing.0, &processing.1, "succeed", Form::new().set("now", "1")).await);
    assert_eq!((code, error.code.as_deref()), (400, Some("parameter_unknown")));
    // Unknown id, and another account's transfer: 404.
    let (code, _) = api_error(act(&client, &acct, "ibt_nope", "succeed", Form::new()).await);
    assert_eq!(code, 404);
    let other = state.connected_account_ids().into_iter().find(|a| *a != processing.0).expect("another account");
    let (code, _) = api_error(act(&client, &other, &processing.1, "cancel", Form::new()).await);
    assert_eq!(code, 404);

    assert_eq!(state.transition_count(), count, "a refused transition was counted");
    assert_eq!(
        (state.financial_account(&fa.id).map(|f| f.balance), state.financial_account(&rfa.id).map(|f| f.balance),),
        balances
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn each_account_has_its_own_stripe_balance_apart_from_its_financial_accounts() {
    use treasury_desk::stripe::balance;
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let ids = state.connected_account_ids();
    let mut seen = HashSet::new();
    for id in &ids {
        let got = balance::retrieve(&client, Some(id)).await.expect("balance");
        let account = state.connected_account(id).expect("account");
        assert_eq!(got, treasury_desk::sandbox::stripe_balance(&account), "{id}");
        assert_eq!(got.available.len(), 1);
        seen.insert(got.available_amounts().get("usd").copied());
    }
    assert!(seen.len() > ids.len() / 2, "accounts hold different balances: {seen:?}");
    assert!(seen.iter().flatten().any(|a| *a < 0), "one is negative (refunds beyond payments)");
    // Without Stripe-Account: the platform's own.
    let platform = balance::retrieve(&client, None).await.expect("platform balance");
    let expected =
        treasury_desk::sandbox::stripe_balance(&account::retrieve_platform(&client).await.expect("platform"));
    assert_eq!(platform, expected);
    // Moving Treasury money leaves it alone.
    let (acct, fa) = find_fa(&sandbox, false, 0);
    let before = balance::retrieve(&client, Some(&acct)).await.expect("before");
    create_transfer(&client, &acct, &fa.id, 10_000).await.expect("created");
    assert_eq!(balance::retrieve(&client, Some(&acct)).await.expect("after"), before);
    // Unknown parameters are refused like everywhere else.
    let answer = send(raw(&sandbox, reqwest::Method::GET, "/v1/balance?currency=usd")).await;
    assert_eq!((answer.status, answer.error("param")), (400, Some("currency")), "{}", answer.text);
}

#[tokio::test]
async fn the_platform_s_own_objects_are_asked_for_without_stripe_account() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let platform = account::retrieve_platform(&client).await.expect("platform");
    assert_eq!(client.own_account(), Some(platform.id.as_str()), "the client learned its own account");
    // Naming the platform as the owner sends no header; naming a connected account sends it.
    let own: Vec<FinancialAccount> =
        treasury::list_financial_accounts(&client, &platform.id).try_collect().await.expect("own FAs");
    assert!(!own.is_empty(), "the seed gives the platform a financial account");
    let connected = sandbox.state().connected_account_ids()[0].clone();
    let _: Vec<FinancialAccount> =
        treasury::list_financial_accounts(&client, &connected).try_collect().await.expect("connected FAs");
    let lists: Vec<_> = sandbox
        .state()
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/treasury/financial_accounts")
        .map(|r| r.stripe_account)
        .collect();
    assert_eq!(lists, vec![None, Some(connected)]);
}

#[tokio::test]
async fn a_sync_reads_the_platform_s_own_money_apart_from_the_connected_accounts() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let snapshot = treasury_desk::snapshot::load(&client, Default::default()).await.expect("sync");
    let own = snapshot.platform_own.as_ref().expect("the platform's own money");
    assert_eq!(own.account.id, snapshot.platform.id);
    assert!(own.errors.is_empty(), "{:?}", own.errors);
    let state = sandbox.state();
    let fas: Vec<String> = state.financial_accounts_of(&snapshot.platform.id).into_iter().map(|f| f.id).collect();
    let shown: Vec<String> = own.financial_accounts.iter().map(|e| e.financial_account.id.clone()).collect();
    assert_eq!(shown, fas);
    let transfers = state.inbound_transfers_of(&snapshot.platform.id).len();
    assert_eq!(own.financial_accounts.iter().map(|e| e.inbound_transfers.len()).sum::<usize>(), transfers);
    assert!(transfers > 0);
    assert_eq!(own.stripe_balance, Some(treasury_desk::sandbox::stripe_balance(&snapshot.platform)));
    // Apart: the connected accounts are the list's, and none of them is the platform.
    assert_eq!(snapshot.accounts.len(), state.connected_account_ids().len());
    assert!(snapshot.accounts.iter().all(|a| a.account.id != snapshot.platform.id));
    assert_eq!(snapshot.holders().count(), snapshot.accounts.len() + 1);
    assert!(snapshot.account(&snapshot.platform.id).is_some(), "found by id like any account");
}

#[tokio::test]
async fn a_negative_stripe_balance_needs_a_person() {
    use treasury_desk::snapshot::Attention;
    let sandbox = start().await;
    let client = client(&sandbox);
    let snapshot = treasury_desk::snapshot::load(&client, Default::default()).await.expect("sync");
    let state = sandbox.state();
    let mut negative: Vec<(String, i64)> = Vec::new();
    for id in state.connected_account_ids() {
        let balance = treasury_desk::sandbox::stripe_balance(&state.connected_account(&id).expect("account"));
        for (_, amount) in balance.available_amounts().iter().filter(|(_, a)| **a < 0) {
            negative.push((id.clone(), *amount));
        }
    }
    assert!(!negative.is_empty(), "the seed has an account whose refunds outran its payments");
    let mut flagged: Vec<(String, i64)> = snapshot
        .attention()
        .into_iter()
        .filter_map(|a| match a {
            Attention::NegativeBalance { account_id, financial_account: None, amount, .. } => {
                Some((account_id, amount))
            }
            _ => None,
        })
        .collect();
    negative.sort();
    flagged.sort();
    assert_eq!(flagged, negative, "every negative Stripe balance, and nothing else, is flagged");
}

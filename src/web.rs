//! Helpers for the local HTTP servers this app runs (the sandbox and the relink page): serving
//! a router until told to stop, and JSON that is safe inside an inline `<script>`.

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Serve `router` on `listener` (a [`tokio::net::TcpListener`], or one that wraps its connections)
/// in a spawned task until the returned sender fires (or is dropped); `what` names the server in
/// the log if it stops with an error.
pub fn serve<L>(listener: L, router: axum::Router, what: &'static str) -> (oneshot::Sender<()>, JoinHandle<()>)
where
    L: axum::serve::Listener<Addr = std::net::SocketAddr>,
{
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
        if let Err(e) = served {
            tracing::warn!(error = %e, server = what, "a local server stopped with an error");
        }
    });
    (stop, task)
}

/// JSON safe to place inside an inline `<script>`: no `</script>`, no HTML-significant
/// characters, no line separators JavaScript would choke on.
pub fn json_for_script(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let value = serde_json::json!({"a": "</script><b>&\u{2028}"});
        let safe = json_for_script(&value);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&') && !safe.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, value);
    }
}

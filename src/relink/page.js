// treasury-desk relink page: runs Stripe.js's collectFinancialConnectionsAccounts with the session's
// client secret (from RELINK, in this page only), then posts the result back to the app. Text only.
(async function () {
  "use strict";
  const status = document.getElementById("status");
  const advice = document.getElementById("advice");
  const close = document.getElementById("close");
  const say = (text, kind) => {
    status.textContent = text;
    status.className = kind || "";
  };
  let report;
  try {
    if (typeof Stripe !== "function") {
      throw new Error("Stripe.js did not load (blocked, offline, or not allowed on this page)");
    }
    const stripe = Stripe(RELINK.publishableKey);
    say("Waiting for the bank sign-in in Stripe's window…");
    const answer = await stripe.collectFinancialConnectionsAccounts({ clientSecret: RELINK.clientSecret });
    if (answer.error) {
      report = { kind: "stripe_error", message: String(answer.error.message || answer.error.type || "unknown error") };
    } else {
      const session = answer.financialConnectionsSession || {};
      const result = session.relink_result || {};
      report = {
        kind: "result",
        session: session.id || null,
        account: result.account || null,
        failure_reason: result.failure_reason || null,
        accounts: (session.accounts || []).map((a) => a.id).filter((id) => typeof id === "string"),
      };
    }
  } catch (e) {
    report = { kind: "stripe_error", message: String((e && e.message) || e) };
  }
  if (report.kind === "stripe_error") {
    say("Stripe could not run the relink here: " + report.message, "bad");
    advice.textContent =
      "What to do instead: in the Stripe Dashboard, open this linked account and send the account holder " +
      "Stripe's hosted relink link, or try again later from treasury-desk.";
  } else if (report.account) {
    say("Done: the bank account was relinked.", "ok");
  } else if (report.failure_reason === "no_authorization") {
    say("The bank sign-in did not succeed, so nothing was relinked.", "bad");
  } else if (report.failure_reason === "no_account") {
    say("You signed in, but the expected account was not linked.", "bad");
  } else {
    say("The relink did not finish (cancelled or failed).", "bad");
  }
  try {
    const posted = await fetch(RELINK.resultPath, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.assign({ token: RELINK.token }, report)),
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!posted.ok) throw new Error("HTTP " + posted.status);
    close.textContent = "treasury-desk has the result. You can close this tab.";
  } catch (e) {
    close.textContent =
      "treasury-desk did not get the result (" + e.message + "); check the app. You can close this tab.";
  }
})();

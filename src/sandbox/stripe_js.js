// treasury-desk sandbox: a stand-in for Stripe.js v3. It is NOT Stripe's code: it offers only
// Stripe(publishableKey).collectFinancialConnectionsAccounts({clientSecret}) against the local
// sandbox, with a "Sandbox Bank" sign-in drawn in the page itself. It writes text only (no HTML).
(function () {
  "use strict";
  var ORIGIN = __ORIGIN__;

  function post(path, fields) {
    return fetch(ORIGIN + path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    });
  }

  function node(tag, text, css) {
    var element = document.createElement(tag);
    if (text) element.textContent = text;
    if (css) element.style.cssText = css;
    return element;
  }

  // Draw the sign-in modal; resolves with {decision, account}.
  function signIn(info) {
    return new Promise(function (resolve) {
      var overlay = node(
        "div",
        "",
        "position:fixed;inset:0;background:rgba(0,0,0,0.45);display:flex;align-items:center;justify-content:center;z-index:2147483647"
      );
      overlay.id = "sandbox-bank-modal";
      var box = node(
        "div",
        "",
        "background:#fff;color:#111;font:16px system-ui,sans-serif;padding:24px;border-radius:8px;max-width:420px;box-shadow:0 8px 32px rgba(0,0,0,0.3)"
      );
      box.setAttribute("role", "dialog");
      box.setAttribute("aria-modal", "true");
      box.setAttribute("aria-labelledby", "sandbox-bank-title");
      var title = node("h2", "Sandbox Bank", "margin-top:0");
      title.id = "sandbox-bank-title";
      box.appendChild(title);
      var bank = info.institution_name ? " (" + info.institution_name + ")" : "";
      var select = null;
      if (info.mode === "account" && info.account) {
        box.appendChild(node("p", "Sign in to your bank" + bank + " to relink " + info.account.label + "."));
      } else {
        box.appendChild(node("p", "Sign in to your bank" + bank + " and pick the account to relink."));
        select = node("select", "", "width:100%;margin-bottom:12px");
        select.id = "sandbox-bank-account";
        select.setAttribute("aria-label", "Account to relink");
        info.eligible.forEach(function (account) {
          var option = node("option", account.label);
          option.value = account.id;
          select.appendChild(option);
        });
        box.appendChild(select);
      }
      box.appendChild(node("p", "This is the sandbox: no real bank is contacted.", "color:#555;font-size:13px"));
      function button(id, label, decision) {
        var element = node("button", label, "margin:4px 8px 0 0;padding:8px 12px");
        element.id = id;
        element.type = "button";
        element.addEventListener("click", function () {
          overlay.remove();
          resolve({ decision: decision, account: select ? select.value : null });
        });
        box.appendChild(element);
        return element;
      }
      var relink = button("sandbox-bank-relink", "Sign in and relink", "relink");
      button("sandbox-bank-fail", "Simulate a failed sign-in", "fail_login");
      button("sandbox-bank-cancel", "Cancel", "cancel");
      overlay.appendChild(box);
      document.body.appendChild(overlay);
      relink.focus();
    });
  }

  function failure(answer, fallback) {
    return { error: (answer.body && answer.body.error) || { type: "api_error", message: fallback } };
  }

  window.Stripe = function (publishableKey) {
    if (typeof publishableKey !== "string" || publishableKey.indexOf("pk_") !== 0) {
      throw new Error("Invalid value for Stripe(): apiKey should be a publishable key (pk_…).");
    }
    return {
      collectFinancialConnectionsAccounts: function (options) {
        var clientSecret = options && options.clientSecret;
        if (typeof clientSecret !== "string" || clientSecret.indexOf("_secret_") < 0) {
          return Promise.resolve({
            error: { type: "validation_error", message: "collectFinancialConnectionsAccounts needs a clientSecret." },
          });
        }
        var auth = { key: publishableKey, client_secret: clientSecret };
        return post("/stripe_js/financial_connections/lookup", auth)
          .then(function (answer) {
            if (!answer.ok) return failure(answer, "The session could not be found.");
            if (answer.body.completed) {
              return { error: { type: "invalid_request_error", message: "This session was already completed." } };
            }
            return signIn(answer.body).then(function (choice) {
              var fields = { key: publishableKey, client_secret: clientSecret, decision: choice.decision };
              if (choice.account) fields.account = choice.account;
              return post("/stripe_js/financial_connections/complete", fields).then(function (done) {
                if (!done.ok) return failure(done, "The session could not be completed.");
                return { financialConnectionsSession: done.body };
              });
            });
          })
          .catch(function (e) {
            return { error: { type: "api_connection_error", message: "Could not reach Stripe: " + e.message } };
          });
      },
    };
  };
})();

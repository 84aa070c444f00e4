// Session timeout warning, after the GOV.UK / HMRC timeout warning pattern.
//
// base.html puts these on <body> when someone is signed in:
//   data-session-timeout-seconds   idle time after which the server ends the session
//   data-session-warning-seconds   how long before that to warn
//   data-session-extend-url        POST here (with the CSRF token) to stay signed in
//   data-session-timed-out-url     where to go when the time is up
// and the CSRF token is in <meta name="csrf-token" content="...">.
//
// When the warning time comes, a modal <dialog> says "You're about to be signed out" with a
// countdown. "Stay signed in" (or Escape) POSTs to the extend URL and starts the clock again;
// "Sign out" submits the sign-out form in the header. At the deadline the page goes to the
// timed-out URL. Without JavaScript none of this shows, and the server's expiry still applies.
// Other tabs of the same session hear about page loads and extensions (BroadcastChannel), so a
// tab left open does not sign out someone who is working in another one.

const CHANNEL_NAME = "hearth-session";

/** "2 minutes", "1 minute", "45 seconds", "1 second": whole minutes above a minute, else seconds. */
export function durationInWords(seconds) {
  const secs = Math.max(0, Math.ceil(seconds));
  if (secs > 60) {
    const minutes = Math.ceil(secs / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  if (secs === 60) return "1 minute";
  return `${secs} second${secs === 1 ? "" : "s"}`;
}

/** What a screen reader is told: every whole minute, then every 15 seconds in the last minute. */
function spokenStep(seconds) {
  const secs = Math.max(0, Math.ceil(seconds));
  if (secs > 60) return `m${Math.ceil(secs / 60)}`;
  return `s${Math.ceil(secs / 15) * 15}`;
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

export class SessionTimeoutWarning {
  constructor(body) {
    this.timeoutSeconds = Number(body.dataset.sessionTimeoutSeconds);
    this.warningSeconds = Number(body.dataset.sessionWarningSeconds);
    this.extendUrl = body.dataset.sessionExtendUrl;
    this.timedOutUrl = body.dataset.sessionTimedOutUrl;
    const meta = document.querySelector('meta[name="csrf-token"]');
    this.csrfToken = meta ? meta.getAttribute("content") : "";
    this.deadline = 0;
    this.timer = null;
    this.ticker = null;
    this.lastSpoken = null;
    this.extending = false;
    this.dialog = null;
  }

  get valid() {
    return (
      Number.isFinite(this.timeoutSeconds) &&
      this.timeoutSeconds > 0 &&
      Number.isFinite(this.warningSeconds) &&
      this.warningSeconds > 0 &&
      Boolean(this.extendUrl) &&
      Boolean(this.timedOutUrl)
    );
  }

  start() {
    if (!this.valid) return false;
    this.warningSeconds = Math.min(this.warningSeconds, this.timeoutSeconds);
    if ("BroadcastChannel" in window) {
      this.channel = new BroadcastChannel(CHANNEL_NAME);
      this.channel.addEventListener("message", (event) => {
        if (event.data && event.data.type === "activity") this.restart();
      });
      // This page load has itself renewed the session on the server.
      this.channel.postMessage({ type: "activity" });
    }
    // Timers in background tabs may be held back: look again when the tab is shown.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.check();
    });
    this.restart();
    return true;
  }

  remaining() {
    return (this.deadline - Date.now()) / 1000;
  }

  restart() {
    this.deadline = Date.now() + this.timeoutSeconds * 1000;
    this.close();
    this.schedule();
  }

  schedule() {
    window.clearTimeout(this.timer);
    const untilWarning = (this.remaining() - this.warningSeconds) * 1000;
    // Wake at least once a minute so a late timer (sleep, throttling) is caught up quickly.
    this.timer = window.setTimeout(() => this.check(), Math.max(0, Math.min(untilWarning, 60000)));
  }

  check() {
    const left = this.remaining();
    if (left <= 0) {
      this.timeOut();
    } else if (left <= this.warningSeconds) {
      this.open();
    } else {
      this.schedule();
    }
  }

  timeOut() {
    window.clearTimeout(this.timer);
    window.clearInterval(this.ticker);
    window.location.assign(this.timedOutUrl);
  }

  build() {
    const dialog = element("dialog", {
      class: "hearth-timeout-dialog",
      "aria-labelledby": "hearth-timeout-dialog-heading",
      "aria-describedby": "hearth-timeout-dialog-message",
    });
    const heading = element(
      "h2",
      { class: "govuk-heading-m", id: "hearth-timeout-dialog-heading" },
      "You\u2019re about to be signed out",
    );

    // What sighted people see, updated every second...
    const visible = element("p", { class: "govuk-body", "aria-hidden": "true" });
    visible.append("For your security, we will sign you out in ");
    this.countdown = element("strong", { class: "hearth-timeout-dialog__countdown" });
    visible.append(this.countdown, ".");

    // ...and what screen readers hear, updated only every minute (every 15 seconds at the end).
    this.spoken = element("p", {
      class: "govuk-visually-hidden",
      id: "hearth-timeout-dialog-message",
      "aria-live": "polite",
      "aria-atomic": "true",
    });

    this.problem = element(
      "p",
      { class: "govuk-error-message", hidden: "" },
      "Sorry, there was a problem keeping you signed in. Try again.",
    );

    const actions = element("div", { class: "govuk-button-group" });
    this.stayButton = element(
      "button",
      { type: "button", class: "govuk-button", "data-module": "govuk-button" },
      "Stay signed in",
    );
    this.stayButton.addEventListener("click", () => this.extend());
    const signOut = element("a", { class: "govuk-link", href: this.timedOutUrl }, "Sign out");
    signOut.addEventListener("click", (event) => {
      const form = document.querySelector("form.hearth-sign-out");
      if (form) {
        event.preventDefault();
        if (typeof form.requestSubmit === "function") form.requestSubmit();
        else form.submit();
      }
    });
    actions.append(this.stayButton, signOut);

    dialog.append(heading, visible, this.spoken, this.problem, actions);
    // Escape means "stay signed in", as in the HMRC pattern, rather than silently closing.
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      this.extend();
    });
    document.body.append(dialog);
    return dialog;
  }

  open() {
    if (typeof HTMLDialogElement !== "function") {
      // No <dialog>: no warning, but still leave the page when the session has ended.
      this.schedule();
      return;
    }
    if (!this.dialog) this.dialog = this.build();
    if (!this.dialog.open) {
      this.lastSpoken = null;
      this.problem.hidden = true;
      this.update();
      this.dialog.showModal();
      this.stayButton.focus();
    }
    window.clearTimeout(this.timer);
    window.clearInterval(this.ticker);
    this.ticker = window.setInterval(() => this.update(), 1000);
  }

  update() {
    const left = this.remaining();
    if (left <= 0) {
      this.timeOut();
      return;
    }
    const words = durationInWords(left);
    this.countdown.textContent = words;
    const step = spokenStep(left);
    if (step !== this.lastSpoken) {
      this.lastSpoken = step;
      this.spoken.textContent = `For your security, we will sign you out in ${words}.`;
    }
  }

  close() {
    window.clearInterval(this.ticker);
    if (this.dialog && this.dialog.open) this.dialog.close();
  }

  async extend() {
    if (this.extending) return;
    this.extending = true;
    this.stayButton.setAttribute("aria-disabled", "true");
    try {
      const response = await fetch(this.extendUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: {
          "X-CSRFToken": this.csrfToken,
          "X-Requested-With": "XMLHttpRequest",
          Accept: "application/json",
        },
      });
      if (response.ok) {
        this.restart();
        if (this.channel) this.channel.postMessage({ type: "activity" });
      } else if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        // The session has already gone on the server.
        this.timeOut();
      } else {
        this.problem.hidden = false;
      }
    } catch {
      this.problem.hidden = false;
    } finally {
      this.extending = false;
      this.stayButton.removeAttribute("aria-disabled");
    }
  }
}

export function initSessionTimeoutWarning(body = document.body) {
  if (!body || !body.dataset.sessionTimeoutSeconds) return null;
  const warning = new SessionTimeoutWarning(body);
  return warning.start() ? warning : null;
}

initSessionTimeoutWarning();

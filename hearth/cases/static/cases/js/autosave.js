// Autosave: keeps what a person types in a note on the server as their draft, so nothing is lost to a
// time-out, a closed tab or a dropped connection.
//
// A form opts in with data attributes:
//   <form data-autosave-url="/drafts/save/" data-autosave-key="note:child:123">
// and the page has a live region <div id="draft-status" role="status" aria-live="polite">.
// The form is posted (with the CSRF token from <meta name="csrf-token">) 2 seconds after the person
// stops typing, and when they leave a field with unsaved changes. The server answers with a short
// fragment ("Draft saved at 2:32pm", or why it was not saved) whose words go in the live region.
//
// Saving also counts as activity for the session timeout warning (timeout-warning.js listens on the
// same BroadcastChannel): someone typing a long note is not signed out for being idle.
// Without JavaScript none of this runs: the form's "Save as draft" button does the same job.

const DELAY_MS = 2000;
const CHANNEL_NAME = "hearth-session";

function isSubmitButton(element) {
  return (
    element instanceof HTMLElement &&
    element.matches('button:not([type]), button[type="submit"], input[type="submit"]')
  );
}

function textOf(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  return (parsed.body.textContent || "").replace(/\s+/g, " ").trim();
}

export class Autosave {
  constructor(form) {
    this.form = form;
    this.url = form.dataset.autosaveUrl;
    this.key = form.dataset.autosaveKey;
    this.status = document.getElementById("draft-status");
    const meta = document.querySelector('meta[name="csrf-token"]');
    this.csrfToken = meta ? meta.getAttribute("content") : "";
    this.timer = null;
    this.dirty = false;
    this.inFlight = null;
    this.stopped = false;
    this.channel = "BroadcastChannel" in window ? new BroadcastChannel(CHANNEL_NAME) : null;
  }

  start() {
    if (!this.url || !this.key) return false;
    this.form.addEventListener("input", () => this.changed());
    this.form.addEventListener("change", () => this.changed());
    this.form.addEventListener("focusout", (event) => {
      // Moving to a button that submits: the submission takes over (and waits for any save).
      if (this.dirty && !isSubmitButton(event.relatedTarget)) this.saveNow();
    });
    this.form.addEventListener("submit", (event) => this.submitting(event));
    // Another form on the page (like "Discard draft") is being sent: stop, so no late save follows it.
    document.addEventListener("submit", (event) => {
      if (event.target !== this.form) this.stop();
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && this.dirty) this.saveNow();
    });
    return true;
  }

  changed() {
    if (this.stopped) return;
    this.dirty = true;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.saveNow(), DELAY_MS);
  }

  stop() {
    this.stopped = true;
    this.dirty = false;
    window.clearTimeout(this.timer);
  }

  submitting(event) {
    const pending = this.inFlight;
    this.stop();
    if (pending) {
      // Let the save in progress finish first, so it cannot land after the note is saved.
      event.preventDefault();
      const submitter = event.submitter;
      pending.then(() => {
        this.inFlight = null;
        this.form.requestSubmit(submitter && submitter.form === this.form ? submitter : undefined);
      });
    }
  }

  saveNow() {
    window.clearTimeout(this.timer);
    if (this.stopped || !this.dirty) return this.inFlight;
    if (this.inFlight) {
      // One save at a time: save again when this one has finished.
      this.inFlight.then(() => this.saveNow());
      return this.inFlight;
    }
    this.dirty = false;
    this.inFlight = this.send().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  async send() {
    const body = new FormData(this.form);
    body.delete("csrfmiddlewaretoken");
    body.set("key", this.key);
    let response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": this.csrfToken, Accept: "text/html" },
      });
    } catch {
      this.dirty = true;
      this.show("Your draft could not be saved just now. We will try again when you next type.", true);
      return;
    }
    if (response.redirected) {
      this.show("You have been signed out, so your latest changes are not saved. Copy your text, then sign in again.", true);
      this.stop();
      return;
    }
    const message = textOf(await response.text());
    this.show(message || "Your draft could not be saved.", !response.ok);
    if (response.ok && this.channel) this.channel.postMessage({ type: "activity" });
  }

  show(message, isError) {
    if (!this.status) return;
    this.status.textContent = message;
    this.status.classList.toggle("govuk-error-message", Boolean(isError));
  }
}

for (const form of document.querySelectorAll("form[data-autosave-url]")) {
  new Autosave(form).start();
}

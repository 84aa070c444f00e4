// Running a unit meeting: each child's discussion (and the attendance) is saved on the server as people
// type, so nothing is lost in the room.
//
// A form opts in with <form data-meeting-autosave="/meetings/discussions/12/save/"> and holds a live
// region <div data-autosave-status role="status" aria-live="polite">. The form is posted 2 seconds after
// typing stops, when a field with changes is left, when the tab is hidden, and at once on Ctrl+Enter
// (Cmd+Enter on a Mac). The server answers in JSON: {saved, message, version}. A discussion carries its
// version (optimistic locking): after each save the hidden version moves on. If someone else saved in
// between, the server changes nothing and answers 409 with both versions; autosave stops for that form,
// the person's text stays where it is, and "Save" keeps it (replacing the other version) when they choose.
// Without JavaScript none of this runs: the forms' own buttons save.

const DELAY_MS = 2000;
const CHANNEL_NAME = "hearth-session";

function isSubmitButton(element) {
  return (
    element instanceof HTMLElement &&
    element.matches('button:not([type]), button[type="submit"], input[type="submit"]')
  );
}

class MeetingAutosave {
  constructor(form) {
    this.form = form;
    this.url = form.dataset.meetingAutosave;
    this.status = form.querySelector("[data-autosave-status]");
    this.conflictRegion = form.previousElementSibling?.matches("[data-conflict-region]")
      ? form.previousElementSibling
      : null;
    this.version = form.querySelector('input[type="hidden"][name$="-version"]');
    const meta = document.querySelector('meta[name="csrf-token"]');
    this.csrfToken = meta ? meta.getAttribute("content") : "";
    this.timer = null;
    this.dirty = false;
    this.inFlight = null;
    this.stopped = false;
    this.channel = "BroadcastChannel" in window ? new BroadcastChannel(CHANNEL_NAME) : null;
  }

  start() {
    if (!this.url) return;
    this.form.addEventListener("input", () => this.changed());
    this.form.addEventListener("change", () => this.changed());
    this.form.addEventListener("focusout", (event) => {
      if (this.dirty && !isSubmitButton(event.relatedTarget)) this.saveNow();
    });
    this.form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.dirty = true;
        this.saveNow();
      }
    });
    this.form.addEventListener("submit", (event) => this.submitting(event));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && this.dirty) this.saveNow();
    });
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
      // Let the save in progress finish (it moves the version on), then send the form.
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
    body.delete("intent");
    let response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": this.csrfToken, "X-Autosave": "1", Accept: "application/json" },
      });
    } catch {
      this.dirty = true;
      this.show("Not saved just now: we will try again when you next type. Or select Save.", true);
      return;
    }
    if (response.redirected) {
      this.show("You have been signed out, so your latest changes are not saved. Copy your text, then sign in again.", true);
      this.stop();
      return;
    }
    let answer = {};
    try {
      answer = await response.json();
    } catch {
      answer = { message: "Not saved: something went wrong. Select Save to try again." };
    }
    if (answer.version && this.version) this.version.value = String(answer.version);
    if (response.status === 409 && answer.conflict) {
      this.stop();
      if (this.conflictRegion && answer.html) {
        this.conflictRegion.innerHTML = answer.html;
      }
    }
    this.show(answer.message || "Not saved.", !response.ok);
    if (response.ok && this.channel) this.channel.postMessage({ type: "activity" });
  }

  show(message, isError) {
    if (!this.status) return;
    this.status.textContent = message;
    this.status.classList.toggle("govuk-error-message", Boolean(isError));
  }
}

for (const form of document.querySelectorAll("form[data-meeting-autosave]")) {
  new MeetingAutosave(form).start();
}

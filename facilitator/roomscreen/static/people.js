// The room display's changes of people: a button per change (the terminal's keys b, w, c,
// e), shown only when the session takes that change now; it opens a chooser (a modal
// dialog) with a large button per name that fits, a field for a new name (joining only)
// and "annuleren". Escape cancels; focus goes back to the button that opened it.
"use strict";

// Called by app.js: T the page's texts, $ getElementById, send(kind, name, label) posts
// the change in order with the commands, view() the last message from the server,
// button(className, label, keyLabel, keys) makes a button as the page's command buttons.
window.roomPeople = function ({ T, $, send, view, button }) {
  const W = T.words;
  const dialog = $("chooser");
  const buttons = new Map(); // kind -> {el, spec}
  const keys = new Map(); // key -> kind
  let open = null; // {spec, opener} while the chooser is open

  $("changes-title").textContent = W.people_changes;
  $("chooser-cancel").textContent = W.cancel_choice;
  $("chooser-name-label").textContent = W.new_name;
  $("chooser-add").textContent = W.add_name;
  $("chooser-empty").textContent = W.nobody;

  for (const spec of T.changes) {
    const { el } = button("change change-" + spec.kind, spec.label, spec.key, [spec.key]);
    el.dataset.change = spec.kind;
    el.hidden = true;
    el.setAttribute("aria-haspopup", "dialog");
    el.addEventListener("click", () => show(spec.kind, el));
    $("changes").append(el);
    buttons.set(spec.kind, { el, spec });
    keys.set(spec.key, spec.kind);
  }
  $("chooser-name").maxLength = T.changes[0].max_name;

  function allowed(kind) {
    const s = view() && view().session;
    return Boolean(s && !s.ended && s.changes.allowed.includes(kind));
  }

  function choice(text, name, spec) {
    const el = document.createElement("button");
    el.type = "button";
    el.className = "choice";
    el.textContent = text;
    el.dataset.name = name;
    el.addEventListener("click", () => choose(spec, name, text));
    return el;
  }

  // The names that fit, from the last snapshot (the chooser follows it while open).
  function fill(spec) {
    const changes = view().session.changes;
    const names = changes.names[spec.kind] || [];
    const shown = JSON.stringify([names, changes.presenter, changes.later]);
    const list = $("chooser-names");
    if (list.dataset.shown === shown) return;
    list.dataset.shown = shown;
    const focused = list.contains(document.activeElement) ? document.activeElement.dataset.name : null;
    const choices = names.map((name) => {
      const el = choice(name, name, spec);
      if (spec.kind === "presenter" && name === changes.presenter) el.setAttribute("aria-current", "true");
      return el;
    });
    if (spec.kind === "another_case" && changes.later) choices.push(choice(W.choose_later, "", spec));
    list.replaceChildren(...choices);
    list.hidden = choices.length === 0;
    $("chooser-empty").hidden = choices.length > 0 || spec.kind === "join";
    if (focused !== null) {
      const again = choices.find((el) => el.dataset.name === focused) || choices[0];
      (again || $("chooser-cancel")).focus();
    }
  }

  function show(kind, opener) {
    const entry = buttons.get(kind);
    if (!entry || entry.el.disabled || !allowed(kind) || dialog.open) return;
    const { spec } = entry;
    const joining = kind === "join";
    $("chooser-title").textContent = spec.question;
    delete $("chooser-names").dataset.shown;
    fill(spec);
    $("chooser-new").hidden = !joining;
    $("chooser-name").value = "";
    dialog.dataset.kind = kind;
    open = { spec, opener: opener || entry.el };
    dialog.showModal();
    const first = $("chooser-names").querySelector(".choice") ||
      (joining ? $("chooser-name") : $("chooser-cancel"));
    first.focus();
  }

  function choose(spec, name, text) {
    if (!open) return;
    close();
    send(spec.kind, name, `${spec.label}: ${text}`);
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  // The chooser shut (Escape, "annuleren", a choice, or the session moved on): focus back
  // to the opener. Done as the "open" attribute goes, in the same task: the dialog's own
  // "close" event comes a task later, after a key or a click may already have moved the
  // focus on or opened the chooser again.
  function shut() {
    const opener = open.opener;
    open = null;
    delete dialog.dataset.kind;
    // the opener, or (when the change is no longer offered) the first one that is
    const back = !opener.hidden && !opener.disabled ? opener
      : [...buttons.values()].map(({ el }) => el).find((el) => !el.hidden && !el.disabled);
    if (back) back.focus();
  }
  new MutationObserver(() => { if (open && !dialog.open) shut(); })
    .observe(dialog, { attributes: true, attributeFilter: ["open"] });
  $("chooser-cancel").addEventListener("click", close);
  // Tab and Shift+Tab go round inside the chooser, never out to the page behind it
  dialog.addEventListener("keydown", (ev) => {
    if (ev.key !== "Tab") return;
    const stops = [...dialog.querySelectorAll("button, input")].filter(
      (el) => !el.disabled && el.getClientRects().length);
    const [first, last] = [stops[0], stops[stops.length - 1]];
    if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
  });
  $("chooser-new").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const typed = $("chooser-name").value.trim();
    if (!typed || !open) { $("chooser-name").focus(); return; }
    choose(open.spec, typed, typed);
  });

  return {
    // the page's shortcut keys: b/w/c/e open the chooser; none while it is open
    key(ev) {
      if (dialog.open) return true;
      const kind = keys.get(ev.key.length === 1 ? ev.key.toLowerCase() : ev.key);
      if (!kind) return false;
      ev.preventDefault();
      show(kind, null);
      return true;
    },
    draw(session) {
      for (const [kind, { el }] of buttons) {
        el.hidden = !allowed(kind);
        el.disabled = false;
      }
      if (open && !allowed(open.spec.kind)) close(); // the session moved on meanwhile
      else if (open) fill(open.spec); // someone joined or left meanwhile
      $("changes").hidden = !session || ![...buttons.keys()].some(allowed);
    },
    offline() {
      for (const { el } of buttons.values()) el.disabled = true;
      close();
    },
  };
};

// The room display: draws the session's snapshot, counts down between snapshots, sends
// commands. Plain script, no build step, no external resource, nothing stored.
"use strict";

(function () {
  const T = JSON.parse(document.getElementById("texts").textContent);
  const W = T.words;
  const $ = (id) => document.getElementById(id);
  const TICK_MS = 200;
  const STALE_MS = 16000; // three keep-alives missed: the link is dead
  const RETRY_MS = 1000;

  let view = null; // the last message from the server
  let received = 0; // performance.now() when it arrived
  let lastData = 0;
  let source = null;
  let retryTimer = null;
  const shown = new Set(); // caption ids already on the page
  let alertId = null;
  let messageId = null;

  // ------------------------------------------------------------------ static texts
  $("who-label").textContent = W.who;
  $("captions-title").textContent = W.captions;
  $("commands-title").textContent = W.commands;
  $("confirm-text").textContent = W.stop_pending;
  $("mode-contrast").textContent = W.contrast;
  $("mode-large").textContent = W.large;
  $("modes").setAttribute("aria-label", W.display);
  $("countdown-label").textContent = W.step_left;
  $("phase").textContent = W.waiting;

  // A command button: its label, and under it the terminal's key for it (keyLabel; keys
  // are what the key handler takes). The changes of people (people.js) use it too.
  function commandButton(className, text, keyLabel, keys) {
    const el = document.createElement("button");
    el.type = "button";
    el.className = "cmd " + className;
    const label = document.createElement("span");
    label.className = "cmd-label";
    label.textContent = text;
    const key = document.createElement("span");
    key.className = "cmd-key";
    key.textContent = W.keys_hint.replace("{key}", keyLabel);
    el.append(label, key);
    el.setAttribute("aria-keyshortcuts", keys.map((k) => (k === " " ? "Space" : k)).join(" "));
    return { el, label };
  }

  const buttons = new Map(); // command -> {el, spec}
  const keymap = new Map(); // key -> command
  for (const spec of T.buttons) {
    const { el, label } = commandButton("cmd-" + spec.command, spec.label, spec.key_label, spec.keys);
    el.dataset.command = spec.command;
    el.disabled = true;
    el.addEventListener("click", () => send(spec.command, spec.label));
    const home = spec.command === "confirm" || spec.command === "cancel" ? $("confirm") : $("buttons");
    home.append(el);
    buttons.set(spec.command, { el, spec, label });
    for (const k of spec.keys) keymap.set(k, spec.command);
  }

  // ------------------------------------------------------------------ display modes
  const params = new URLSearchParams(location.search);
  function mode(name, on) {
    document.documentElement.classList.toggle(name, on);
    $("mode-" + name).setAttribute("aria-pressed", String(on));
  }
  mode("contrast", params.get("contrast") === "1");
  mode("large", params.get("groot") === "1" || params.get("large") === "1");
  for (const name of ["contrast", "large"]) {
    $("mode-" + name).addEventListener("click", () =>
      mode(name, !document.documentElement.classList.contains(name)));
  }

  // ------------------------------------------------------------------ commands
  // Commands go out one after the other, in the order they were given.
  let sending = Promise.resolve();
  function send(command, label) {
    const entry = buttons.get(command);
    if (!entry || entry.el.disabled) return;
    sending = sending.then(() => post(command, label));
  }

  async function post(command, label) {
    try {
      const res = await fetch("/api/command", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ command }),
        credentials: "same-origin",
      });
      if (!res.ok) throw new Error(String(res.status));
    } catch (err) {
      say($("message"), W.send_failed.replace("{label}", label));
    }
  }

  // The device's open question (one button per answer and per name), and the changes of
  // people (people.js): JSON to the server, in order with the commands.
  async function answer(body, label, path = "/api/answer") {
    try {
      const res = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
      if (!res.ok) throw new Error(String(res.status));
    } catch (err) {
      say($("message"), W.send_failed.replace("{label}", label));
    }
  }

  function drawQuestion(q) {
    const box = $("question");
    box.hidden = !q;
    const shown = q ? JSON.stringify(q) : "";
    if (box.dataset.shown === shown) return;
    box.dataset.shown = shown;
    if (!q) { $("answers").replaceChildren(); return; }
    say($("question-text"), q.text);
    const choices = [
      ...q.names.map((name) => ({ body: { question: q.key, name }, label: name })),
      ...q.answers.map((a) => ({ body: { question: q.key, answer: a.answer }, label: a.label })),
    ];
    $("answers").replaceChildren(...choices.map(({ body, label }) => {
      const el = document.createElement("button");
      el.type = "button";
      el.className = "answer";
      el.textContent = label;
      el.addEventListener("click", () => { sending = sending.then(() => answer(body, label)); });
      return el;
    }));
  }

  const people = window.roomPeople({
    T, $, view: () => view, button: commandButton,
    send(kind, name, label) {
      sending = sending.then(() => answer({ kind, name }, label, "/api/people"));
    },
  });

  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.altKey || ev.metaKey) return;
    const target = ev.target;
    if (target instanceof HTMLInputElement) return; // a name being typed
    if (people.key(ev)) return; // b/w/c/e, and nothing else while the chooser is open
    const onControl = target instanceof HTMLElement && target.closest("button, input, a");
    if (ev.key === " " && onControl) return; // space presses the focused button
    const command = keymap.get(ev.key.length === 1 ? ev.key.toLowerCase() : ev.key);
    if (!command) return;
    ev.preventDefault();
    send(command, buttons.get(command).spec.label);
  });

  // ------------------------------------------------------------------ drawing
  function say(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  function clockText(seconds) {
    const over = seconds < 0;
    const total = over ? Math.floor(-seconds) : Math.ceil(seconds);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const two = (n) => String(n).padStart(2, "0");
    const body = h ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
    return over ? "+" + body : body;
  }

  function left(seconds, s) {
    if (seconds === null || seconds === undefined) return null;
    if (s.paused || s.ended) return seconds;
    return seconds - ((performance.now() - received) / 1000) * view.speed;
  }

  function tick() {
    const s = view && view.session;
    if (!s) return;
    const step = left(s.remaining_s, s);
    let phase = "running";
    if (s.ended) phase = "ended";
    else if (!s.started) phase = "waiting";
    else if (s.paused) phase = "paused";
    else if (s.soft) phase = "soft";
    else if (step < 0) phase = "overtime";
    say($("countdown"), s.ended || !s.started ? "--:--" : clockText(step));
    say($("phase"), W[phase]);
    document.body.dataset.phase = phase;
    if (s.turn && s.turn.remaining_s !== null && !s.ended) {
      say($("turn"), `${s.turn.text} — ${W.turn_left}: ${clockText(left(s.turn.remaining_s, s))}`);
    } else {
      say($("turn"), s.turn && !s.ended ? s.turn.text : "");
    }
  }

  function drawCaptions(captions) {
    const list = $("captions");
    const keep = new Set(captions.map((c) => c.id));
    for (const li of Array.from(list.children)) {
      if (!keep.has(Number(li.dataset.id))) li.remove();
    }
    for (const c of captions) {
      if (shown.has(c.id)) continue;
      shown.add(c.id);
      const li = document.createElement("li");
      li.dataset.id = String(c.id);
      li.textContent = c.text;
      list.append(li);
    }
  }

  // The newest caption from its start; what does not fit can be scrolled to.
  function pinCaptions() {
    const list = $("captions");
    const newest = list.lastElementChild;
    if (newest) list.scrollTop = newest.offsetTop;
  }

  function drawNotices(notices) {
    const list = $("notices");
    const ids = notices.map((n) => String(n.id)).join(",");
    if (list.dataset.ids === ids) return;
    list.dataset.ids = ids;
    list.replaceChildren(...notices.map((n) => {
      const li = document.createElement("li");
      li.className = "notice notice-" + n.level;
      li.textContent = n.text;
      return li;
    }));
  }

  function draw() {
    const s = view.session;
    drawCaptions(view.captions);
    drawNotices(view.notices);
    drawQuestion(view.question || null);
    if (view.alert && view.alert.id !== alertId) {
      alertId = view.alert.id;
      say($("alert"), view.alert.text);
    }
    if (view.message && view.message.id !== messageId) {
      messageId = view.message.id;
      say($("message"), view.message.text);
    }
    people.draw(s);
    if (!s) {
      pinCaptions();
      return;
    }
    say($("method"), s.method_name);
    say($("step-label"), s.step_label);
    say($("step-title"), s.step_title);
    say($("who"), s.who);
    say($("rule"), s.rule);
    say($("people"), s.ended ? "" : s.people);
    say($("planned-end"), s.ended ? "" : s.planned_end);
    const allowed = new Set(s.allowed);
    const ruledOut = new Set(s.ruled_out); // never taken in this session: not offered at all
    for (const [command, { el, spec, label }] of buttons) {
      el.disabled = !allowed.has(command);
      el.hidden = ruledOut.has(command);
      if (spec.label_paused) say(label, s.paused ? spec.label_paused : spec.label);
    }
    $("confirm").hidden = !s.stop_pending;
    document.body.classList.toggle("stop-pending", Boolean(s.stop_pending));
    tick();
    pinCaptions();
  }

  // ------------------------------------------------------------------ the link
  function linkState(ok) {
    const banner = $("link");
    // after the end the server goes away too: keep "session ended" on the screen, and
    // still reconnect quietly (a next session on the same address shows up by itself)
    if (!ok && view && view.session && view.session.ended) ok = true;
    banner.hidden = ok;
    say(banner, ok ? "" : W.disconnected);
    document.body.classList.toggle("offline", !ok);
    if (!ok) {
      for (const { el } of buttons.values()) el.disabled = true;
      people.offline();
    }
  }

  function connect() {
    clearTimeout(retryTimer);
    if (source) source.close();
    source = new EventSource("/events");
    source.onopen = () => { lastData = performance.now(); linkState(true); };
    source.onmessage = (ev) => {
      lastData = performance.now();
      view = JSON.parse(ev.data);
      received = performance.now();
      linkState(true);
      draw();
      document.body.dataset.seq = view.session ? String(view.session.seq) : "";
    };
    source.onerror = () => {
      linkState(false);
      if (source.readyState === EventSource.CLOSED) retryTimer = setTimeout(connect, RETRY_MS);
    };
    // the keep-alive event every few seconds: a silent link is a dead link
    source.addEventListener("ping", () => { lastData = performance.now(); });
  }

  setInterval(() => {
    tick();
    if (source && source.readyState === EventSource.OPEN && performance.now() - lastData > STALE_MS) {
      linkState(false);
      connect();
    }
  }, TICK_MS);
  addEventListener("resize", pinCaptions);
  connect();
})();

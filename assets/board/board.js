// The canvas board: every section of a canvas as sticky notes in rank order.
//
// Mounted by canvas/ui/editor/board_widget.py as a Streamlit components-v2 component (no iframe): its
// loader (loader.js) imports this module and the vendored SortableJS once, cached. Python sends the whole
// board as `data` on every run; this module keeps its DOM between runs and patches it, so
// a note being typed in, the focused note and the add boxes survive every rerun. User text
// only ever reaches the page through textContent and form values, never as HTML, and always
// isolated (dir="auto" or <bdi>): the board follows the page's direction (<html dir>, set by
// canvas/ui/shell/chrome.py), right to left in Arabic and Persian (issue 25).
//
// Everything the user does is an action {type, ...}, numbered and queued; the queue goes
// back as one trigger, `action`: {client, actions}. Python applies each number once, in
// order (canvas/ui/editor/board_widget.py), and sends the new board with `ack`, the last number applied.

const SCORE_DOTS = 5;
// Until the server confirms an action: 4 s, or `resend_ms` from the server (config.py).
const RESEND_AFTER_MS = 4000;
const RESEND_ON_RUN_RATIO = 0.625;  // a run that did not see the queue: 2.5 s of 4
// While nothing is acknowledged (the database is away: issue 22), each resend waits longer,
// up to this: the page asks again by itself, and never floods a server that is struggling.
const RESEND_MAX_MS = 15000;
const KEPT = new Set(["add", "update"]);  // what the user typed: kept across a reload
const KEEP_EDITS_MS = 60 * 60 * 1000;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function fmt(template, params) {
  return String(template || "").replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

// Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and presentation forms).
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;

// The direction of one user text. Its own first letters decide (dir="auto"): a French note
// on an Arabic board reads left to right, a U+202E override inside it ends with its element.
// But on an Arabic or Persian board (or page) a text that holds Arabic letters is an Arabic
// or Persian sentence, even when a brand comes first: "iPhone 15 بسعر 300 €" reads right to
// left, as its writer wrote it; first-strong would lay it out left to right (issue 25).
function textDir(text, rtlContext) {
  return rtlContext && RTL_LETTER.test(String(text || "")) ? "rtl" : "auto";
}

function pageIsRtl() {
  return document.documentElement.dir === "rtl";
}

function userText(tag, className, text, rtlContext) {
  const node = el(tag, className, text);
  node.dir = textDir(text, rtlContext === undefined ? pageIsRtl() : rtlContext);
  return node;
}

// A translated sentence holding user text: the text in a <bdi>, isolated from the words
// around it (the DOM text stays the sentence as written).
function sentence(node, text, quote) {
  const at = quote ? text.indexOf(quote) : -1;
  if (at < 0) {
    node.textContent = text;
    return node;
  }
  node.textContent = "";
  const bdi = document.createElement("bdi");
  bdi.dir = textDir(quote, pageIsRtl());
  bdi.textContent = quote;
  node.append(text.slice(0, at), bdi, text.slice(at + quote.length));
  return node;
}

// Which of the compare overlay's two notes is shown on the left: the first one in a page
// read left to right, the second one in a page read right to left.
function shownLeft(node) {
  return getComputedStyle(node).direction === "rtl" ? "right" : "left";
}

class Board {
  constructor(host) {
    this.host = host;
    this.root = el("div", "vpc-board");
    this.root.setAttribute("data-testid", "vpc-board");
    host.appendChild(this.root);
    this.notice = el("div", "vpc-notice");
    this.notice.setAttribute("role", "status");
    this.notice.setAttribute("aria-live", "polite");
    this.live = el("div", "vpc-sr-only");
    this.live.setAttribute("aria-live", "assertive");
    this.lanesBox = el("div", "vpc-lanes");
    this.tabs = el("div", "vpc-lane-tabs");
    this.tabs.setAttribute("role", "tablist");
    this.overlay = el("div", "vpc-overlay");
    this.overlay.hidden = true;
    this.root.append(this.notice, this.live, this.tabs, this.lanesBox, this.overlay);
    this.lanes = new Map();
    this.data = null;
    this.noticeId = null;
    this.announced = null;
    this.activeLane = null;
    this.queue = [];
    this.stalled = 0;  // resends since the server last acknowledged something
    this.outbox = el("div", "vpc-outbox");
    this.outbox.setAttribute("data-testid", "vpc-outbox");
    this.outbox.setAttribute("role", "status");
    this.outbox.hidden = true;
    this.notice.after(this.outbox);
    this.client = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.root.addEventListener("keydown", (e) => this.onKey(e));
  }

  // ---------------------------------------------------------------- the queue
  // Every action (add, edit, move, link, close, delete...) gets a sequence number and waits
  // in this queue until the server says it is applied (data.ack). Each trigger carries the
  // whole queue, so two actions in one frame (a blur's edit, then Done) both arrive: a
  // trigger set twice before Streamlit sends it keeps only the last value. The server applies
  // each number once and in order (canvas/ui/editor/board_widget.py). What the user typed (adds and edits)
  // is also kept in this browser's storage: after a dropped wi-fi or a sleeping laptop it
  // is sent again on the next load, and the server ignores a note it already has.
  // Each action carries `base`, the revision the board showed when the user acted: the
  // server tells an action aimed at an order the facilitator has since replaced
  // (canvas/room/outside_writes.py), even when it comes back from this browser's storage.
  send(action) {
    this.seq = (this.seq || 0) + 1;
    const base = this.data && Number.isInteger(this.data.revision) ? this.data.revision : null;
    this.queue.push(Object.assign({ seq: this.seq, at: Date.now(), tries: 1, base }, action));
    this.saveOutbox();
    this.flush();
    this.watchOutbox();
    this.showPending();  // drawn at once, marked as not saved yet (issue 24)
  }

  flush() {
    if (!this.queue.length || !this.trigger) return;
    const now = Date.now();
    const actions = this.queue.map((entry) => {
      entry.sent = now;
      const { at, tries, sent, ...action } = entry;
      return action;
    });
    this.trigger("action", { client: this.client, actions, nonce: now + Math.random() });
  }

  outboxKey() {
    return `vpc-board-outbox-${this.data.canvas}`;
  }

  // Adds and edits left by an earlier load of this page: queued again, as new actions.
  loadOutbox() {
    let kept = [];
    try {
      kept = JSON.parse(window.localStorage.getItem(this.outboxKey()) || "[]");
    } catch (e) {
      kept = [];
    }
    const now = Date.now();
    for (const entry of Array.isArray(kept) ? kept : []) {
      if (!entry || !KEPT.has(entry.type)) continue;
      // An edit left unsent for long would overwrite what was changed since: only a recent one.
      if (entry.type === "update" && !(now - (entry.at || 0) < KEEP_EDITS_MS)) continue;
      const { seq, sent, tries, nonce, ...action } = entry;
      this.seq = (this.seq || 0) + 1;
      this.queue.push(Object.assign(action, { seq: this.seq, at: entry.at || now,
                                              tries: (tries || 1) + 1, retry: true }));
    }
    if (this.queue.length) this.flush();
  }

  saveOutbox() {
    if (!this.data) return;
    try {
      const kept = this.queue.filter((entry) => KEPT.has(entry.type));
      window.localStorage.setItem(this.outboxKey(), JSON.stringify(kept));
    } catch (e) {
      // Private mode or a full storage: the queue still lives in memory.
    }
  }

  queueAdd(note) {
    const uid = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.send({ type: "add", uid, section: note.section, text: note.text, kind: note.kind });
  }

  // The server's acknowledgement: what it applied leaves the queue.
  settleOutbox(ack) {
    const done = (ack || {})[this.client] || 0;
    const before = this.queue.length;
    this.queue = this.queue.filter((entry) => entry.seq > done);
    if (this.queue.length !== before) {
      this.stalled = 0;
      this.saveOutbox();
    }
    // A run that did not see what is still queued (a reconnect, a lost message): send again.
    const now = Date.now();
    const wait = Math.max(this.resendAfter() * RESEND_ON_RUN_RATIO, this.resendDelay());
    if (this.queue.some((entry) => now - (entry.sent || 0) > wait)) this.resend();
    this.showPending();
    this.watchOutbox();
    this.checkLater();
  }

  resendAfter() {
    return (this.data && this.data.resend_ms) || RESEND_AFTER_MS;
  }

  resendDelay() {
    return Math.min(this.resendAfter() * Math.pow(1.5, this.stalled), RESEND_MAX_MS);
  }

  // The database is away and nothing waits to be sent: ask again now and then, so the page
  // notices by itself when it is back (the server's sentence goes, "Saved" comes back).
  checkLater() {
    if (!this.data || !this.data.down || this.queue.length || this.checkTimer) return;
    const delay = this.resendDelay();
    this.stalled += 1;
    this.checkTimer = window.setTimeout(() => {
      this.checkTimer = null;
      if (this.root.isConnected && this.data.down && !this.queue.length) this.send({ type: "check" });
    }, delay);
  }

  // The user gives up a note that waits: it leaves the outbox and is never sent.
  discard(entry) {
    this.queue = this.queue.filter((other) => other !== entry);
    this.saveOutbox();
    this.showPending();
  }

  resend() {
    this.stalled += 1;
    for (const entry of this.queue) {
      entry.tries += 1;
      // A server that lost this session does not know the numbers: it skips a note it has.
      if (entry.type === "add") entry.retry = true;
    }
    this.saveOutbox();
    this.flush();
  }

  watchOutbox() {
    if (this.outboxTimer || !this.queue.length) return;
    this.outboxTimer = window.setInterval(() => {
      if (!this.queue.length || !this.root.isConnected) {
        window.clearInterval(this.outboxTimer);
        this.outboxTimer = null;
        return;
      }
      if (Date.now() - (this.queue[0].sent || 0) > this.resendDelay()) this.resend();
      this.showPending();
    }, Math.min(1000, this.resendAfter() / 2));
  }

  showPending() {
    if (!this.data) return;
    const now = Date.now();
    const labels = this.data.labels;
    const isLate = (e) => KEPT.has(e.type) && (e.tries > 1 || now - e.at > 1500);
    this.showDrafts(isLate);
    this.markPending();
    for (const lane of this.lanes.values()) {
      const late = this.queue.filter((e) => e.type === "add" && e.section === lane.section && isLate(e));
      lane.pending.textContent = "";
      for (const entry of late) {
        // Each waiting note says what it is and can be given up (issue 22): kept until
        // stored or discarded, never dropped silently.
        const item = el("li", "vpc-pending-item");
        item.append(sentence(el("span", "vpc-pending-row"), fmt(labels.pending, { text: entry.text }), entry.text));
        if (labels.discard) {
          const discard = el("button", "vpc-pending-discard", labels.discard);
          discard.type = "button";
          discard.title = labels.discard_help || "";
          discard.setAttribute("aria-label", `${labels.discard}: ${entry.text}`);
          discard.addEventListener("click", () => this.discard(entry));
          item.append(discard);
        }
        lane.pending.append(item);
      }
      lane.pending.hidden = late.length === 0;
    }
    // How many notes wait, over the board: the rows above say which.
    const waiting = this.queue.filter(isLate).length;
    const forms = labels.outbox || {};
    let form = "other";
    try {
      form = new Intl.PluralRules(labels.outbox_lang || "en").select(waiting);
    } catch (e) {
      form = waiting === 1 ? "one" : "other";
    }
    this.outbox.textContent = waiting ? fmt(forms[form] || forms.other || "", { n: waiting }) : "";
    this.outbox.hidden = waiting === 0 || !forms.other;
  }

  // Notes added here and not confirmed yet, drawn at once where the server will put them
  // (after the lane's last note), each marked "Saving…" and out of reach of drags and
  // clicks until the server's board holds it; then the stored note takes its place. One
  // the server refuses goes, its text back in the add box with the server's sentence. One
  // that waits longer than a moment moves to the rows above the lane, which say so and
  // offer to give it up (showPending).
  showDrafts(isLate) {
    const label = this.data.labels.saving || "";
    for (const lane of this.lanes.values()) {
      const drafts = this.queue.filter((e) => e.type === "add" && e.section === lane.section && !isLate(e));
      const signature = JSON.stringify(drafts.map((e) => [e.uid, e.text]));
      if (lane.draftSignature === signature) continue;
      lane.draftSignature = signature;
      lane.drafts.textContent = "";
      const notes = this.data.notes[lane.section] || [];
      const ranked = notes.length ? !!notes[notes.length - 1].rank : !!lane.info.drag;
      drafts.forEach((entry, index) => {
        const node = el("li", "vpc-draft");
        node.setAttribute("data-testid", "vpc-draft");
        node.setAttribute("aria-busy", "true");
        const top = el("div", "vpc-note-top");
        if (ranked) top.append(el("span", "vpc-rank", `#${this.num(notes.length + index + 1)}`));
        top.append(el("span", "vpc-saving", label));
        // Not "vpc-text": that is a stored note's text, for the page's scripts and tests.
        node.append(top, userText("p", "vpc-draft-text", entry.text, this.rtlContext()));
        lane.drafts.append(node);
      });
      lane.drafts.hidden = drafts.length === 0;
    }
  }

  // A note whose change (an edit, a move) the server has not confirmed yet says so.
  markPending() {
    const label = this.data.labels.saving || "";
    const waiting = new Set(this.queue.filter((e) => e.type === "update" || e.type === "move").map((e) => e.id));
    for (const lane of this.lanes.values()) {
      for (const [id, node] of lane.items) {
        const pending = waiting.has(id);
        if (pending === node.classList.contains("is-pending")) continue;
        node.classList.toggle("is-pending", pending);
        if (pending) {
          node.setAttribute("aria-busy", "true");
          node.dataset.saving = label;
        } else {
          node.removeAttribute("aria-busy");
        }
      }
    }
  }

  // ---------------------------------------------------------------- data in
  update(data) {
    const first = !this.data || this.data.canvas !== data.canvas;
    this.data = data;
    if (first) {
      this.loadOutbox();
      this.watchOutbox();
    }
    this.root.dataset.layout = data.layout || "profile";
    this.root.classList.toggle("vpc-readonly", !!data.readonly);
    const wanted = data.lanes.map((lane) => lane.section);
    for (const [section, lane] of this.lanes) {
      if (!wanted.includes(section)) {
        lane.box.remove();
        lane.tab.remove();
        if (lane.sortable) lane.sortable.destroy();
        this.lanes.delete(section);
      }
    }
    if (!this.activeLane || !wanted.includes(this.activeLane) || data.active !== this.lastActive) {
      this.activeLane = wanted.includes(data.active) ? data.active : wanted[0];
      this.lastActive = data.active;
    }
    data.lanes.forEach((info, index) => {
      let lane = this.lanes.get(info.section);
      if (!lane) {
        lane = this.makeLane(info);
        this.lanes.set(info.section, lane);
      }
      const groupBox = this.groupBox(info.group);
      if (lane.box.parentNode !== groupBox || groupBox.children[index] !== lane.box) {
        groupBox.appendChild(lane.box);
      }
      this.tabs.appendChild(lane.tab);
      this.fillLane(lane, info, data.notes[info.section] || []);
    });
    this.showActiveLane();
    this.settleOutbox(data.ack);
    this.showNotice(data.notice);
    // The compare and paste panels open below a notice still shown (a drop's, with its
    // Undo): it sticks above the board's top, where it covered the panel's title. Only
    // while a panel is open, and set only when it changes: measuring the notice and
    // restyling the whole board on every redraw slowed redraws enough, on a busy machine,
    // that a tap on the next note fell between two of them and opened nothing.
    if (data.compare || data.paste) {
      const room = this.notice.hidden ? "0px" : `${this.notice.offsetHeight + 8}px`;
      if (room !== this.noticeRoom) {
        this.noticeRoom = room;
        this.overlay.style.setProperty("--vpc-notice-room", room);
      }
    }
    this.showOverlay(data.compare, data.paste);
    if (data.focus) this.focusNote(data.focus.id, data.focus.nonce);
  }

  // A number in the language's own digits (Persian: ۰-۹), as the server writes its own.
  num(n) {
    const digits = (this.data && this.data.digits) || "";
    return digits.length === 10 ? String(n).replace(/[0-9]/g, (d) => digits[Number(d)]) : String(n);
  }

  // Notes are read right to left first when the page or the canvas is in Arabic or Persian.
  rtlContext() {
    return pageIsRtl() || (this.data && this.data.direction === "rtl");
  }

  groupBox(group) {
    const name = group || "main";
    let box = this.lanesBox.querySelector(`:scope > .vpc-group[data-group="${name}"]`);
    if (!box) {
      box = el("div", "vpc-group");
      box.dataset.group = name;
      this.lanesBox.appendChild(box);
    }
    box.style.setProperty("--vpc-cols", String(this.data.lanes.filter((l) => (l.group || "main") === name).length));
    const info = (this.data.groups || {})[name];
    let head = box.querySelector(":scope > .vpc-group-head");
    if (info && info.title) {
      if (!head) {
        head = el("div", "vpc-group-head");
        box.prepend(head);
      }
      head.textContent = "";
      head.append(el("span", "vpc-group-title", info.title));
      if (info.meter) head.append(this.meter(info.meter));
    } else if (head) {
      head.remove();
    }
    return box;
  }

  meter(meter) {
    const wrap = el("div", "vpc-meter");
    wrap.setAttribute("data-testid", "vpc-fit");
    wrap.title = `${meter.label}: ${meter.text}`;
    wrap.append(el("span", "vpc-meter-label", meter.label));
    const bar = el("span", "vpc-meter-bar");
    const fill = el("span", "vpc-meter-fill");
    fill.style.width = `${Math.max(0, Math.min(100, meter.value || 0))}%`;
    bar.append(fill);
    bar.setAttribute("role", "meter");
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", "100");
    bar.setAttribute("aria-valuenow", String(Math.round(meter.value || 0)));
    bar.setAttribute("aria-label", meter.label);
    wrap.append(bar, el("span", "vpc-meter-value", meter.text));
    return wrap;
  }

  // ---------------------------------------------------------------- lanes
  makeLane(info) {
    const lane = { section: info.section, items: new Map(), info };
    lane.box = el("section", "vpc-lane");
    lane.box.dataset.section = info.section;
    lane.box.setAttribute("data-testid", `vpc-lane-${info.section}`);
    const headId = `vpc-head-${info.section}-${Math.random().toString(36).slice(2, 8)}`;
    lane.head = el("header", "vpc-lane-head");
    lane.title = el("h3", "vpc-lane-title");
    lane.title.id = headId;
    lane.count = el("span", "vpc-lane-count");
    lane.head.append(lane.title, lane.count);
    // Four rows shared with the other lanes of the group (a CSS subgrid): the heads, the
    // add boxes, hint and tools, the rest; so add boxes and first notes line up across lanes
    // whatever a title, a hint or a tool needs in a language.
    lane.body = el("div", "vpc-lane-body");
    lane.sub = el("div", "vpc-lane-sub");
    lane.hint = el("p", "vpc-lane-hint");
    lane.tools = el("div", "vpc-lane-tools");
    lane.sub.append(lane.hint, lane.tools);
    lane.offer = el("p", "vpc-lane-offer");
    lane.offer.hidden = true;
    lane.box.append(lane.head);
    lane.box.setAttribute("aria-labelledby", headId);

    lane.form = el("form", "vpc-add");
    lane.input = el("input", "vpc-add-text");
    lane.input.type = "text";
    lane.input.maxLength = 500;
    lane.input.autocomplete = "off";
    lane.input.dir = "auto";
    lane.kind = el("select", "vpc-add-kind");
    lane.addButton = el("button", "vpc-add-button");
    lane.addButton.type = "submit";
    lane.form.append(lane.input, lane.kind, lane.addButton);
    lane.form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = lane.input.value.trim();
      if (!text) return;
      this.queueAdd({ section: lane.section, text, kind: lane.kind.value || null });
      lane.input.value = "";
    });
    lane.input.addEventListener("paste", (e) => {
      const text = (e.clipboardData || window.clipboardData).getData("text");
      if (text && /[\r\n]/.test(text.trim())) {
        e.preventDefault();
        this.send({ type: "paste", section: lane.section, text, kind: lane.kind.value || null });
      }
    });
    lane.box.append(lane.form, lane.sub, lane.body);
    lane.body.append(lane.offer);

    lane.pending = el("ul", "vpc-pending");
    lane.pending.setAttribute("aria-live", "polite");
    lane.body.append(lane.pending);
    lane.empty = el("p", "vpc-empty");
    lane.list = el("ol", "vpc-notes");
    lane.list.dataset.section = info.section;
    lane.list.setAttribute("aria-labelledby", headId);
    lane.drafts = el("ol", "vpc-notes vpc-drafts");
    lane.drafts.hidden = true;
    lane.more = el("p", "vpc-more");
    lane.body.append(lane.empty, lane.list, lane.drafts, lane.more);

    lane.tab = el("button", "vpc-lane-tab");
    lane.tab.type = "button";
    lane.tab.setAttribute("role", "tab");
    lane.tab.addEventListener("click", () => {
      this.activeLane = lane.section;
      this.showActiveLane();
      this.send({ type: "show", section: lane.section });
    });

    lane.list.addEventListener("click", (e) => this.onNoteClick(e, lane));
    if (window.Sortable && info.role !== "target") {
      lane.sortable = window.Sortable.create(lane.list, {
        group: { name: "vpc-board", pull: true, put: true },
        animation: 150,
        forceFallback: true,
        fallbackTolerance: 4,
        fallbackOnBody: true,
        delay: 180,
        delayOnTouchOnly: true,
        touchStartThreshold: 4,
        filter: ".vpc-editor, .vpc-editor *, .vpc-note-tool",
        preventOnFilter: false,
        draggable: ".vpc-note",
        ghostClass: "vpc-ghost",
        chosenClass: "vpc-chosen",
        dragClass: "vpc-dragging",
        onEnd: (evt) => this.onDrop(evt),
      });
    }
    return lane;
  }

  fillLane(lane, info, notes) {
    lane.info = info;
    lane.box.dataset.role = info.role || "edit";
    lane.title.textContent = info.title;
    lane.title.title = info.help || "";
    lane.count.textContent = info.count;
    lane.tab.textContent = `${info.title} · ${notes.length}`;
    lane.hint.textContent = info.hint || "";
    lane.hint.hidden = !info.hint;
    lane.empty.textContent = info.empty || "";
    lane.empty.hidden = notes.length > 0 || !info.empty;
    lane.more.textContent = info.more || "";
    lane.more.hidden = !info.more;
    this.fillTools(lane, info);
    this.fillOffer(lane, info.offer);
    // Add box: only where the user writes notes.
    lane.form.hidden = !info.add;
    if (info.add) {
      lane.input.placeholder = info.add.placeholder;
      lane.input.setAttribute("aria-label", info.add.label);
      lane.addButton.textContent = info.add.button;
      lane.addButton.setAttribute("aria-label", info.add.label);
      const kinds = info.add.kinds || [];
      lane.kind.hidden = kinds.length === 0;
      lane.kind.setAttribute("aria-label", info.add.kind_label || "");
      const signature = JSON.stringify(kinds);
      if (lane.kindSignature !== signature) {
        const chosen = lane.kind.value;
        lane.kind.textContent = "";
        for (const [value, label] of kinds) {
          const option = el("option", null, label);
          option.value = value;
          lane.kind.append(option);
        }
        if (kinds.some(([value]) => value === chosen)) lane.kind.value = chosen;
        lane.kindSignature = signature;
      }
      if (info.add.restore && lane.restored !== info.add.restore.nonce) {
        lane.restored = info.add.restore.nonce;
        lane.input.value = info.add.restore.text;
      }
    }
    if (lane.sortable) lane.sortable.option("disabled", !!this.data.readonly || !info.drag);
    this.fillNotes(lane, notes);
  }

  fillTools(lane, info) {
    const signature = JSON.stringify(info.tools || []);
    if (lane.toolsSignature === signature) return;
    lane.toolsSignature = signature;
    lane.tools.textContent = "";
    for (const tool of info.tools || []) {
      const button = el("button", "vpc-tool", tool.label);
      button.type = "button";
      button.title = tool.help || tool.label;
      button.disabled = !!tool.disabled;
      button.dataset.tool = tool.action;
      button.addEventListener("click", () => this.send({ type: tool.action, section: lane.section }));
      lane.tools.append(button);
    }
  }

  // The offer to spread squeezed scores along the order (canvas/editing/board.py spread_offer).
  fillOffer(lane, offer) {
    const signature = JSON.stringify(offer || null);
    if (lane.offerSignature === signature) return;
    lane.offerSignature = signature;
    lane.offer.textContent = "";
    lane.offer.hidden = !offer || !!this.data.readonly;
    if (!offer) return;
    lane.offer.append(el("span", "vpc-lane-offer-text", offer.text));
    const button = el("button", "vpc-tool vpc-offer-button", offer.button);
    button.type = "button";
    button.title = offer.help || offer.button;
    button.dataset.tool = offer.action;
    button.addEventListener("click", () => this.send({ type: offer.action, section: lane.section }));
    lane.offer.append(button);
  }

  fillNotes(lane, notes) {
    const active = document.activeElement;
    const focusedNote = active && active.closest ? active.closest(".vpc-note") : null;
    const keep = new Set();
    const nodes = notes.map((note) => {
      keep.add(note.id);
      let node = lane.items.get(note.id);
      if (!node) {
        node = el("li", "vpc-note");
        node.dataset.id = note.id;
        node.tabIndex = 0;
        lane.items.set(note.id, node);
      }
      this.fillNote(node, note, lane);
      return node;
    });
    this.keepPendingMoves(lane, nodes);
    for (const [id, node] of lane.items) {
      if (!keep.has(id)) {
        node.remove();
        lane.items.delete(id);
      }
    }
    // Move only what is out of place: a focused note keeps its focus.
    let cursor = lane.list.firstElementChild;
    for (const node of nodes) {
      if (node === cursor) {
        cursor = cursor.nextElementSibling;
      } else {
        lane.list.insertBefore(node, cursor);
      }
    }
    while (cursor) {
      const next = cursor.nextElementSibling;
      if (!cursor.classList.contains("vpc-note") || !keep.has(cursor.dataset.id)) cursor.remove();
      cursor = next;
    }
    if (focusedNote && focusedNote.isConnected && document.activeElement !== active) {
      (active.isConnected ? active : focusedNote).focus({ preventScroll: false });
    }
  }

  // Moves this browser sent that the server has not confirmed yet stay where the hand put
  // them: a redraw from the order before them must not take them back. (Three quick
  // Alt+Up: the first one's answer redrew the older order, and the third press then
  // started from it, so the note stopped one place short.) Each move names the place it
  // ends at, so replaying them in order on the server's order gives the board's order.
  keepPendingMoves(lane, nodes) {
    const done = ((this.data && this.data.ack) || {})[this.client] || 0;
    for (const entry of this.queue) {
      if (entry.seq <= done || entry.type !== "move" || entry.section !== lane.section) continue;
      const from = nodes.findIndex((node) => node.dataset.id === entry.id);
      if (from < 0) continue;
      const [node] = nodes.splice(from, 1);
      nodes.splice(Math.min(entry.to, nodes.length), 0, node);
    }
  }

  fillNote(node, note, lane) {
    if (note.open && node.closing && this.closeWaits(note.id)) {
      // Closed here, the close not applied yet (a run that started before it): stays folded.
      note = Object.assign({}, note, { open: false, text: node.lastText || note.text });
    }
    const signature = JSON.stringify(note);
    const isOpen = !!note.open;
    node.classList.toggle("is-open", isOpen);
    node.classList.toggle("is-lit", !!note.lit);
    node.classList.toggle("is-selected", !!note.selected);
    node.dataset.score = note.score || "";
    node.dataset.status = note.status || "";
    node.setAttribute("aria-label", note.aria);
    if (isOpen && node.editor) {
      this.patchEditor(node, note, lane);
      node.signature = signature;
      return;
    }
    if (node.signature === signature) return;
    node.signature = signature;
    node.textContent = "";
    node.editor = null;
    node.closing = false;
    const top = el("div", "vpc-note-top");
    if (note.rank) top.append(el("span", "vpc-rank", `#${this.num(note.rank)}`));
    if (note.comments) {  // the facilitator's unresolved comments on this note
      const badge = el("span", "vpc-comment-badge", `💬 ${note.comments.count}`);
      badge.setAttribute("role", "img");
      badge.setAttribute("aria-label", note.comments.label);
      badge.title = note.comments.label;
      top.append(badge);
    }
    if (note.score) {
      const score = el("span", "vpc-score");
      score.title = note.score_label;
      score.append(el("span", "vpc-dots", "●".repeat(note.score) + "○".repeat(SCORE_DOTS - note.score)));
      score.append(el("span", "vpc-score-number", this.num(note.score)));
      top.append(score);
    }
    node.append(top, userText("p", "vpc-text", note.text, this.rtlContext()));
    const meta = el("div", "vpc-meta");
    for (const part of note.meta || []) meta.append(el("span", `vpc-tag vpc-tag-${part.kind}`, part.text));
    if (meta.childElementCount) node.append(meta);
    for (const line of note.lines || []) node.append(el("p", "vpc-line", line));
    if (note.evidence) node.append(this.evidenceMark(note.evidence));
    if (isOpen) this.buildEditor(node, note, lane);
  }

  // The note's tests and learnings in a few words (canvas/editing/board.py evidence_mark).
  evidenceMark(mark) {
    const node = el("p", "vpc-evidence", mark.text);
    node.setAttribute("aria-label", mark.aria);
    node.title = mark.aria;
    return node;
  }

  // ---------------------------------------------------------------- the open note
  buildEditor(node, note, lane) {
    const labels = this.data.labels;
    const editor = el("div", "vpc-editor");
    editor.setAttribute("role", "group");
    editor.setAttribute("aria-label", fmt(labels.editing, { rank: note.rank || "" }));
    const fields = {};
    const save = (field, value) => this.send({ type: "update", section: lane.section, id: note.id, field, value });

    const textLabel = el("label", "vpc-field");
    textLabel.append(el("span", "vpc-field-label", labels.text));
    const text = el("textarea", "vpc-edit-text");
    text.maxLength = 500;
    text.rows = 3;
    text.dir = "auto";
    text.value = note.text;
    text.addEventListener("change", () => this.saveEditor(lane, note.id));
    text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        text.dispatchEvent(new Event("change"));
        text.blur();
        node.focus();
      }
    });
    textLabel.append(text);
    editor.append(textLabel);
    fields.text = text;
    node.lastText = note.text;

    for (const choice of note.choices || []) {
      const box = el("div", "vpc-field");
      const labelId = `vpc-l-${note.id}-${choice.field}-${Math.random().toString(36).slice(2, 7)}`;
      const label = el("span", "vpc-field-label", choice.label);
      label.id = labelId;
      box.append(label);
      if (choice.style === "select") {
        const select = el("select", "vpc-edit-select");
        select.setAttribute("aria-labelledby", labelId);
        for (const [value, text2] of choice.options) {
          const option = el("option", null, text2);
          option.value = value === null ? "" : String(value);
          select.append(option);
        }
        select.value = choice.value === null ? "" : String(choice.value);
        // The option's own value (a number, or null for "not set"), never the select's
        // text: the server reads a score only as a whole number (canvas/editing/component_messages.py).
        select.addEventListener("change", () => {
          const picked = choice.options.find(([value]) => (value === null ? "" : String(value)) === select.value);
          save(choice.field, picked ? picked[0] : null);
        });
        box.append(select);
        fields[choice.field] = select;
      } else {
        const group = el("div", "vpc-segmented");
        group.setAttribute("role", "radiogroup");
        group.setAttribute("aria-labelledby", labelId);
        for (const [value, text2, help] of choice.options) {
          const button = el("button", "vpc-segment", text2);
          button.type = "button";
          button.setAttribute("role", "radio");
          button.dataset.value = value === null ? "" : String(value);
          if (help) button.title = help;
          button.addEventListener("click", () => {
            this.markSegment(group, button.dataset.value);
            save(choice.field, value);
          });
          group.append(button);
        }
        this.markSegment(group, choice.value === null ? "" : String(choice.value));
        box.append(group);
        fields[choice.field] = group;
      }
      editor.append(box);
    }

    const notesLabel = el("label", "vpc-field");
    notesLabel.append(el("span", "vpc-field-label", labels.notes));
    const notes = el("textarea", "vpc-edit-notes");
    notes.maxLength = 2000;
    notes.rows = 2;
    notes.dir = "auto";
    notes.value = note.notes || "";
    notes.addEventListener("change", () => this.saveEditor(lane, note.id));
    notesLabel.append(notes);
    editor.append(notesLabel);
    fields.notes = notes;
    node.lastNotes = notes.value;

    if (note.link_hint) editor.append(el("p", "vpc-link-hint", note.link_hint));

    const actions = el("div", "vpc-editor-actions");
    const del = el("button", "vpc-note-tool vpc-delete", labels.delete);
    del.type = "button";
    del.addEventListener("click", (e) => {
      e.stopPropagation();
      if (node.closing) return;
      node.closing = true;
      // Focus goes to the next note, as the Delete key on a note does, not to the page.
      const next = node.nextElementSibling || node.previousElementSibling;
      this.pendingFocus = next ? next.dataset.id : null;
      this.send({ type: "delete", section: lane.section, id: note.id });
      if (next) next.focus({ preventScroll: true });
      else if (!lane.form.hidden) lane.input.focus({ preventScroll: true });  // the last note
    });
    const done = el("button", "vpc-note-tool vpc-done", labels.done);
    done.type = "button";
    done.addEventListener("click", (e) => {
      e.stopPropagation();
      this.closeEditor(lane, note.id);
    });
    actions.append(del, done);
    editor.append(actions);
    node.append(editor);
    node.editor = { box: editor, fields };
  }

  markSegment(group, value) {
    for (const button of group.querySelectorAll(".vpc-segment")) {
      const on = button.dataset.value === value;
      button.setAttribute("aria-checked", on ? "true" : "false");
      button.tabIndex = on ? 0 : -1;
    }
  }

  patchEditor(node, note, lane) {
    const { fields } = node.editor;
    const focused = document.activeElement;
    // An edit still in the queue wins over a run that has not applied it yet.
    if (!this.queued(note.id, "text")) {
      if (fields.text !== focused && fields.text.value.trim() !== note.text) fields.text.value = note.text;
      node.lastText = note.text;
    }
    if (!this.queued(note.id, "notes")) {
      if (fields.notes !== focused && fields.notes.value !== (note.notes || "")) fields.notes.value = note.notes || "";
      node.lastNotes = note.notes || "";
    }
    for (const choice of note.choices || []) {
      const field = fields[choice.field];
      const value = choice.value === null ? "" : String(choice.value);
      if (!field) continue;
      if (field.tagName === "SELECT") {
        if (field !== focused) field.value = value;
      } else {
        this.markSegment(field, value);
      }
    }
    // The summary above the editor (rank, score) follows the stored note.
    const rank = node.querySelector(".vpc-rank");
    if (rank && note.rank) rank.textContent = `#${this.num(note.rank)}`;
    const dots = node.querySelector(".vpc-dots");
    if (dots && note.score) dots.textContent = "●".repeat(note.score) + "○".repeat(SCORE_DOTS - note.score);
    const number = node.querySelector(".vpc-score-number");
    if (number && note.score) number.textContent = this.num(note.score);
    const hint = node.querySelector(".vpc-link-hint");
    if (hint && note.link_hint) hint.textContent = note.link_hint;
    // The evidence mark follows the tests and learnings added in the panel beside it.
    const mark = node.querySelector(":scope > .vpc-evidence");
    if (note.evidence) {
      const fresh = this.evidenceMark(note.evidence);
      if (mark) mark.replaceWith(fresh); else node.editor.box.before(fresh);
    } else if (mark) {
      mark.remove();
    }
  }

  queued(id, field) {
    return this.queue.some((entry) => entry.type === "update" && entry.id === id && entry.field === field);
  }

  // The open note's text and notes, sent once each when they changed (on blur, Enter,
  // Escape, Done or a click on another note: whichever comes first).
  saveEditor(lane, id) {
    const node = lane.items.get(id);
    if (!node || !node.editor) return;
    const { fields } = node.editor;
    const text = fields.text.value.trim();
    if (text && text !== node.lastText) {
      node.lastText = text;
      this.send({ type: "update", section: lane.section, id, field: "text", value: text });
    }
    if (fields.notes.value !== node.lastNotes) {
      node.lastNotes = fields.notes.value;
      this.send({ type: "update", section: lane.section, id, field: "notes", value: fields.notes.value });
    }
  }

  closeEditor(lane, id) {
    const node = lane.items.get(id);
    if (node && node.closing) return;  // a second Done, or Escape after Done
    this.saveEditor(lane, id);
    this.send({ type: "close", section: lane.section, id });
    this.pendingFocus = id;
    if (node) {
      node.closing = true;
      node.closedAt = Date.now();
      // Folded at once with what was typed, marked "Saving…" while its edit is on its way.
      // The note takes the focus first: the editor it holds goes without a focused button
      // in it for the browser to move the focus from.
      node.focus({ preventScroll: true });
      const note = this.noteData(lane, id);
      if (note) {
        this.fillNote(node, note, lane);
        node.closing = true;
      }
    }
  }

  // A close of this note sent from here that the board's data has not applied yet.
  closeWaits(id) {
    const applied = ((this.data && this.data.ack) || {})[this.client] || 0;
    return this.queue.some((e) => e.type === "close" && e.id === id && e.seq > applied);
  }

  noteData(lane, id) {
    return (this.data.notes[lane.section] || []).find((note) => note.id === id);
  }

  // ---------------------------------------------------------------- events
  onNoteClick(e, lane) {
    const node = e.target.closest(".vpc-note");
    if (!node || e.target.closest(".vpc-editor") || this.data.readonly) return;
    const id = node.dataset.id;
    if (lane.info.role === "target") {
      this.send({ type: "toggle_link", section: lane.section, id });
      return;
    }
    const note = this.noteData(lane, id);
    if (note && note.open && !node.closing) return;
    // The second click of a double click on Done lands on the closed note: not an open.
    if (e.detail > 1 && node.closedAt && Date.now() - node.closedAt < 1000) return;
    this.send({ type: "open", section: lane.section, id });
  }

  onDrop(evt) {
    const from = evt.from.dataset.section;
    const to = evt.to.dataset.section;
    const id = evt.item.dataset.id;
    if (from !== to) {
      // A pain is not a gain: put the note back where it was and say why.
      const lane = this.lanes.get(from);
      const ref = lane.list.children[evt.oldIndex] || null;
      lane.list.insertBefore(evt.item, ref);
      this.send({ type: "refused", section: from, target: to, id });
      return;
    }
    if (evt.oldIndex === evt.newIndex) return;
    this.send({ type: "move", section: from, id, to: evt.newIndex });
  }

  onKey(e) {
    if (!this.overlay.hidden && this.overlay.contains(e.target)) {
      this.onOverlayKey(e);
      return;
    }
    const node = e.target.closest ? e.target.closest(".vpc-note") : null;
    if (!node) return;
    const laneBox = node.closest(".vpc-lane");
    const lane = this.lanes.get(laneBox.dataset.section);
    const id = node.dataset.id;
    const inEditor = !!e.target.closest(".vpc-editor");
    if (e.key === "Escape") {
      const note = this.noteData(lane, id);
      if (note && note.open) {
        e.preventDefault();
        this.closeEditor(lane, id);
      }
      return;
    }
    if (inEditor || e.target !== node || this.data.readonly) return;
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      e.preventDefault();
      if (!lane.info.drag) return;
      const index = Array.prototype.indexOf.call(lane.list.children, node);
      const to = index + (e.key === "ArrowUp" ? -1 : 1);
      if (to < 0 || to >= lane.list.children.length) return;
      lane.list.insertBefore(node, e.key === "ArrowUp" ? lane.list.children[to] : lane.list.children[to].nextSibling);
      node.focus();
      this.send({ type: "move", section: lane.section, id, to, key: true });
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      e.preventDefault();
      const sibling = e.key === "ArrowUp" ? node.previousElementSibling : node.nextElementSibling;
      if (sibling) sibling.focus();
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (lane.info.role === "target") this.send({ type: "toggle_link", section: lane.section, id });
      else this.send({ type: "open", section: lane.section, id });
    } else if ((e.key === "Delete" || e.key === "Backspace") && lane.info.role !== "target") {
      e.preventDefault();
      const next = node.nextElementSibling || node.previousElementSibling;
      if (next) this.pendingFocus = next.dataset.id;
      this.send({ type: "delete", section: lane.section, id });
    }
  }

  focusNote(id, nonce) {
    if (this.focusNonce === nonce) return;
    this.focusNonce = nonce;
    for (const lane of this.lanes.values()) {
      const node = lane.items.get(id);
      if (node) {
        this.activeLane = lane.section;
        this.showActiveLane();
        const target = node.editor ? node.editor.fields.text : node;
        target.focus({ preventScroll: true });
        node.scrollIntoView({ block: "nearest" });
        return;
      }
    }
  }

  showActiveLane() {
    for (const lane of this.lanes.values()) {
      const on = lane.section === this.activeLane;
      lane.box.classList.toggle("is-active", on);
      lane.tab.setAttribute("aria-selected", on ? "true" : "false");
    }
    if (this.pendingFocus) {
      for (const lane of this.lanes.values()) {
        const node = lane.items.get(this.pendingFocus);
        if (node && node.isConnected) node.focus({ preventScroll: true });
      }
      this.pendingFocus = null;
    }
  }

  // ---------------------------------------------------------------- notices
  showNotice(notice) {
    if (!notice) {
      this.notice.hidden = true;
      this.noticeId = null;
      return;
    }
    this.notice.hidden = false;
    if (this.noticeId === notice.id) return;
    this.noticeId = notice.id;
    this.notice.textContent = "";
    this.notice.className = `vpc-notice vpc-notice-${notice.level || "info"}`;
    this.notice.append(sentence(el("span", "vpc-notice-text"), notice.text, notice.quote));
    if (notice.undo) {
      const undo = el("button", "vpc-notice-undo", notice.undo);
      undo.type = "button";
      undo.addEventListener("click", () => this.send({ type: "undo" }));
      this.notice.append(undo);
    }
    const close = el("button", "vpc-notice-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", this.data.labels.dismiss);
    close.title = this.data.labels.dismiss;
    close.addEventListener("click", () => this.send({ type: "dismiss" }));
    this.notice.append(close);
    if (notice.announce && this.announced !== notice.id) {
      this.announced = notice.id;
      this.live.textContent = notice.announce;
    }
  }

  // ---------------------------------------------------------------- compare and paste
  showOverlay(compare, paste) {
    const card = compare || paste;
    if (!card) {
      if (!this.overlay.hidden) {
        this.overlay.hidden = true;
        this.overlay.textContent = "";
        this.overlaySignature = null;
      }
      return;
    }
    const signature = JSON.stringify(card);
    if (signature === this.overlaySignature) return;
    this.overlaySignature = signature;
    this.overlay.hidden = false;
    this.overlay.textContent = "";
    const panel = el("div", "vpc-panel");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "false");
    panel.setAttribute("aria-label", card.title);
    panel.tabIndex = -1;
    panel.append(el("h3", "vpc-panel-title", card.title));
    if (card.progress) panel.append(el("p", "vpc-panel-progress", card.progress));
    if (compare && compare.question) this.compareQuestion(panel, compare);
    else if (compare) this.compareResult(panel, compare);
    else this.pastePreview(panel, paste);
    this.overlay.append(panel);
    const first = panel.querySelector("[data-autofocus]") || panel;
    first.focus({ preventScroll: true });
    panel.scrollIntoView({ block: "nearest" });
  }

  panelButton(text, action, className, extra) {
    const button = el("button", `vpc-panel-button ${className || ""}`, text);
    button.type = "button";
    button.addEventListener("click", () => this.send(Object.assign({ type: action }, extra || {})));
    return button;
  }

  compareQuestion(panel, compare) {
    panel.dataset.kind = "compare";
    panel.append(el("p", "vpc-question", compare.question));
    const pair = el("div", "vpc-pair");
    // The arrow keys name what is shown on that side: in a page read right to left the
    // first note is on the right, so → chooses it (and its key says so).
    const left = shownLeft(this.root);
    panel.dataset.left = left;
    for (const side of ["left", "right"]) {
      const info = compare[side];
      const button = el("button", `vpc-choice vpc-choice-${side}`);
      button.type = "button";
      button.dataset.choice = side;
      const onLeft = side === left;
      button.append(el("span", "vpc-choice-key", onLeft ? "←" : "→"));
      button.append(userText("span", "vpc-choice-text", info.text));
      if (info.meta) button.append(el("span", "vpc-choice-meta", info.meta));
      button.setAttribute("aria-keyshortcuts", onLeft ? "ArrowLeft" : "ArrowRight");
      button.addEventListener("click", () => this.send({ type: "answer", choice: side, step: compare.step }));
      pair.append(button);
    }
    panel.append(pair);
    const row = el("div", "vpc-panel-row");
    const same = this.panelButton(compare.same, "answer", "vpc-same", { choice: "same", step: compare.step });
    same.setAttribute("aria-keyshortcuts", "ArrowDown");
    same.dataset.autofocus = "1";
    row.append(same, this.panelButton(compare.cancel, "compare_cancel", "vpc-secondary"));
    panel.append(row);
    panel.append(el("p", "vpc-panel-hint", compare.keys));
  }

  compareResult(panel, compare) {
    panel.dataset.kind = "compare-result";
    panel.append(el("p", "vpc-panel-text", compare.summary));
    const list = el("ol", "vpc-result");
    for (const row of compare.rows) {
      const item = el("li", "vpc-result-row");
      item.append(userText("span", "vpc-result-text", row.text));
      item.append(el("span", "vpc-result-score", row.change));
      list.append(item);
    }
    panel.append(list);
    const buttons = el("div", "vpc-panel-row");
    const accept = this.panelButton(compare.accept, "compare_accept", "vpc-primary");
    accept.dataset.autofocus = "1";
    buttons.append(accept, this.panelButton(compare.cancel, "compare_cancel", "vpc-secondary"));
    panel.append(buttons);
  }

  pastePreview(panel, paste) {
    panel.dataset.kind = "paste";
    panel.append(el("p", "vpc-panel-text", paste.summary));
    const list = el("ul", "vpc-result");
    for (const text of paste.texts) list.append(userText("li", "vpc-result-row", text));
    panel.append(list);
    const buttons = el("div", "vpc-panel-row");
    const add = this.panelButton(paste.add, "paste_add", "vpc-primary");
    const cancel = this.panelButton(paste.cancel, "paste_cancel", "vpc-secondary");
    add.disabled = paste.texts.length === 0;
    // Nothing to add (every line is already there): focus on Cancel, so Escape reaches us.
    (add.disabled ? cancel : add).dataset.autofocus = "1";
    buttons.append(add, cancel);
    panel.append(buttons);
  }

  onOverlayKey(e) {
    const panel = this.overlay.querySelector(".vpc-panel");
    if (!panel) return;
    const kind = panel.dataset.kind;
    if (e.key === "Escape") {
      e.preventDefault();
      this.send({ type: kind === "paste" ? "paste_cancel" : "compare_cancel" });
    } else if (kind === "compare" && (e.key === "ArrowLeft" || e.key === "ArrowRight" || e.key === "ArrowDown")) {
      e.preventDefault();
      const left = panel.dataset.left || "left";
      const right = left === "left" ? "right" : "left";
      const choice = e.key === "ArrowLeft" ? left : e.key === "ArrowRight" ? right : "same";
      this.send({ type: "answer", choice, step: this.data.compare.step });
    }
  }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let board = parentElement.__vpcBoard;
  if (!board || !board.root.isConnected) {
    board = new Board(parentElement);
    parentElement.__vpcBoard = board;
  }
  board.trigger = setTriggerValue;
  board.update(data);
}

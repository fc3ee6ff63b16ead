// The conversation page's live updates (no inline script: CSP). Protocol: src/objects/ChatRoom.ts.
// Without this script the composer is a plain form that POSTs and redirects back, and older
// messages are a link to the page before.
//
// Why a script of our own rather than htmx's hx-ws extension: the socket must reconnect from the
// last sequence the page holds (`?after=`), keep messages written offline across a reload and
// resend them with their client ids, and show per-viewer details (your own status, a Report link
// on others'); hx-ws reconnects and queues in memory only, and swaps server-rendered HTML that
// would be the same for every viewer of the room. This file is about the size of hx-ws.
// Messages typed while the socket is down wait in `pending` (and sessionStorage, so a reload
// keeps them) and are sent, each with its clientId, once the socket says "joined"; the object
// stores a clientId once, so a resend after a lost acknowledgement is not a duplicate.
(() => {
  const root = document.querySelector("[data-chat]");
  if (!root || !("WebSocket" in window)) return;
  const id = root.dataset.conversation;
  const me = root.dataset.me;
  const log = document.getElementById("chat-log");
  const state = document.getElementById("chat-state");
  const form = document.getElementById("composer");
  const input = document.getElementById("composer-text");
  const storeKey = `chat-pending-${id}`;
  let lastSeq = Number(root.dataset.lastSeq) || 0;
  let ws = null;
  let joined = false;
  let retry = 500;
  let pending = [];
  let opened = false;
  let final = false;
  let joinedOnce = false;
  // Members this viewer blocked: their messages are left out here as on the server-rendered page.
  const hidden = new Set((root.dataset.hiddenSenders || "").split(" ").filter(Boolean));
  try {
    pending = JSON.parse(sessionStorage.getItem(storeKey) || "[]");
  } catch {
    pending = [];
  }
  const save = () => sessionStorage.setItem(storeKey, JSON.stringify(pending));
  const STATUS = { SENT: "Sent", DELIVERED: "Delivered", READ: "Read", ARCHIVED: "Archived" };
  const say = (text) => {
    if (state) state.textContent = text;
  };

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function render(m) {
    const li = el("li", undefined, m.senderId === me ? "mine" : "");
    li.id = `m-${m.seq}`;
    li.dataset.seq = m.seq;
    const meta = el("p", undefined, "meta");
    meta.append(el("strong", m.senderId === me ? "You" : m.senderName), " · ");
    const time = el("time", new Date(m.sentAt).toLocaleString());
    time.dateTime = new Date(m.sentAt).toISOString();
    meta.append(time, " · ");
    if (m.senderId === me) {
      const s = el("span", STATUS[m.status] || m.status, "status");
      s.dataset.status = "";
      meta.append(s);
    } else {
      const a = el("a", "Report");
      a.href = `/messages/${id}/report/${m.id}`;
      meta.append(a);
    }
    li.append(meta, el("p", m.text, "text"));
    return li;
  }

  function showPending(p) {
    let li = document.getElementById(`p-${p.clientId}`);
    if (!li) {
      li = el("li", undefined, "mine pending");
      li.id = `p-${p.clientId}`;
      li.append(el("p", "", "meta"), el("p", p.text, "text"));
      log.append(li);
    }
    li.firstChild.textContent = p.error ? `Not sent: ${p.error}` : p.note || (joined ? "Sending…" : "Waiting for the connection…");
  }

  function onMessage(m) {
    if (hidden.has(m.senderId)) {
      lastSeq = Math.max(lastSeq, m.seq);
      return;
    }
    const done = pending.findIndex((p) => p.clientId === m.clientId && m.senderId === me);
    if (done >= 0) {
      pending.splice(done, 1);
      save();
      document.getElementById(`p-${m.clientId}`)?.remove();
    }
    if (m.seq <= lastSeq && document.getElementById(`m-${m.seq}`)) return;
    document.getElementById("chat-empty")?.remove();
    const li = render(m);
    // Catch-up and live frames arrive in order; an out-of-order one still lands in place.
    const later = [...log.querySelectorAll("li[data-seq]")].find((x) => Number(x.dataset.seq) > m.seq);
    later ? log.insertBefore(li, later) : log.insertBefore(li, log.querySelector("li.pending"));
    lastSeq = Math.max(lastSeq, m.seq);
    if (joined && document.visibilityState === "visible") ws.send(JSON.stringify({ type: "read", seq: lastSeq }));
  }

  function sendPending(p) {
    if (!joined || !pending.includes(p)) return;
    delete p.note;
    ws.send(JSON.stringify({ type: "send", text: p.text, clientId: p.clientId }));
    showPending(p);
  }

  function flushPending() {
    for (const p of pending) if (!p.error) sendPending(p);
  }

  // A refused upgrade cannot be read by a browser: the same URL without Upgrade says why.
  async function refusedWhy() {
    try {
      const res = await fetch(`/messages/${id}/socket`, { credentials: "same-origin" });
      return res.status === 401 || res.status === 403 || res.status === 404 ? await res.text() : null;
    } catch {
      return null;
    }
  }

  function stop(reason) {
    final = true;
    say(reason);
    for (const p of pending) showPending(p);
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${scheme}://${location.host}/messages/${id}/socket?after=${lastSeq}`);
    opened = false;
    say("Connecting…");
    ws.addEventListener("open", () => {
      opened = true;
    });
    ws.addEventListener("message", (ev) => {
      if (ev.data === "pong") return;
      const f = JSON.parse(ev.data);
      if (f.type === "message") onMessage(f);
      else if (f.type === "joined") {
        // The room restarted without keeping messages it had shown: drop them (protocol: ChatRoom.ts).
        if (f.lastSeq < lastSeq) {
          for (const li of log.querySelectorAll("li[data-seq]")) if (Number(li.dataset.seq) > f.lastSeq) li.remove();
          lastSeq = f.lastSeq;
        }
        joined = true;
        retry = 500;
        root.dataset.live = "";
        say("Live");
        flushPending();
        if (document.visibilityState === "visible") ws.send(JSON.stringify({ type: "read", seq: lastSeq }));
        // Back after a break: an urgent announcement may have been published meanwhile.
        if (joinedOnce) checkBanner();
        joinedOnce = true;
      } else if (f.type === "announcement") {
        checkBanner();
      } else if (f.type === "status") {
        for (const seq of f.seqs) {
          const s = document.querySelector(`#m-${seq} [data-status]`);
          if (s) s.textContent = STATUS[f.status] || f.status;
        }
      } else if (f.type === "error") {
        const p = pending.find((x) => x.clientId === f.clientId);
        if (p && f.code === "rate_limited" && f.retryAfterMs) {
          // Kept, and sent again once the room takes messages from this member again.
          p.note = `${f.error} Sending again in ${Math.ceil(f.retryAfterMs / 1000)} s.`;
          showPending(p);
          setTimeout(() => sendPending(p), f.retryAfterMs + 100);
        } else if (p) {
          p.error = f.error;
          showPending(p);
          pending = pending.filter((x) => x !== p);
          save();
        } else say(f.error);
      }
    });
    ws.addEventListener("close", async (ev) => {
      joined = false;
      delete root.dataset.live;
      // 1008 from the room is final (too many open pages here, or this member was blocked or removed).
      if (ev.code === 1008) return stop(ev.reason || "This page is no longer live. Reload it to connect again.");
      if (!opened) {
        const why = await refusedWhy();
        if (why) return stop(why);
      }
      say("Offline: messages you write are kept and sent when the connection returns.");
      for (const p of pending) showPending(p);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    });
  }

  form?.addEventListener("submit", (ev) => {
    const text = input.value.trim();
    if (!text || final) return; // no live connection any more: the plain form posts, and the server answers
    ev.preventDefault();
    const p = { text, clientId: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}` };
    pending.push(p);
    save();
    showPending(p);
    input.value = "";
    sendPending(p);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (joined) ws.send(JSON.stringify({ type: "read", seq: lastSeq }));
    if (bannerDue) checkBanner();
  });
  setInterval(() => joined && ws.send("ping"), 30000);

  // An urgent announcement published while this page is open shows up without a reload: the
  // room sends an `announcement` frame (src/features/messaging/live-rooms.ts) and the page asks
  // for the banner, whose audience the server checks; a hidden page asks when it is shown again.
  let bannerDue = false;
  async function checkBanner() {
    bannerDue = document.visibilityState !== "visible";
    if (bannerDue) return;
    try {
      const res = await fetch(`/announcements/banner?back=${encodeURIComponent(location.pathname)}`, { credentials: "same-origin" });
      if (res.status !== 200) return;
      const html = await res.text();
      const holder = document.createElement("div");
      holder.innerHTML = html;
      const banner = holder.querySelector("#urgent-banner");
      if (!banner) return;
      const old = document.getElementById("urgent-banner");
      if (old && old.innerHTML === banner.innerHTML) return;
      old ? old.replaceWith(banner) : document.getElementById("main")?.prepend(banner);
    } catch {
      // offline: the next check
    }
  }

  // Older messages load in place above the first one, so the page stays live.
  const older = document.getElementById("older-messages");
  older?.addEventListener("click", async (ev) => {
    const link = ev.target.closest("a");
    if (!link) return;
    ev.preventDefault();
    try {
      const res = await fetch(link.href, { credentials: "same-origin" });
      if (!res.ok) throw new Error(String(res.status));
      const page = new DOMParser().parseFromString(await res.text(), "text/html");
      const items = [...page.querySelectorAll("#chat-log > li[data-seq]")].filter((x) => !document.getElementById(x.id));
      log.setAttribute("aria-busy", "true");
      log.prepend(...items.map((x) => document.importNode(x, true)));
      log.removeAttribute("aria-busy");
      const next = page.querySelector("#older-messages a");
      next ? link.setAttribute("href", next.getAttribute("href")) : older.remove();
    } catch {
      location.href = link.href; // the plain link, as without this script
    }
  });

  for (const p of pending) showPending(p);
  connect();
})();

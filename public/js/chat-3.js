// The conversation page's live updates (no inline script: CSP). Protocol: src/objects/ChatRoom.ts.
// Without this script the composer is a plain form that POSTs and redirects back.
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
    li.firstChild.textContent = p.error ? `Not sent: ${p.error}` : joined ? "Sending…" : "Waiting for the connection…";
  }

  function onMessage(m) {
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

  function flushPending() {
    for (const p of pending) {
      if (p.error) continue;
      ws.send(JSON.stringify({ type: "send", text: p.text, clientId: p.clientId }));
      showPending(p);
    }
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${scheme}://${location.host}/messages/${id}/socket?after=${lastSeq}`);
    say("Connecting…");
    ws.addEventListener("message", (ev) => {
      if (ev.data === "pong") return;
      const f = JSON.parse(ev.data);
      if (f.type === "message") onMessage(f);
      else if (f.type === "joined") {
        joined = true;
        retry = 500;
        root.dataset.live = "";
        say("Live");
        flushPending();
        if (document.visibilityState === "visible") ws.send(JSON.stringify({ type: "read", seq: lastSeq }));
      } else if (f.type === "status") {
        for (const seq of f.seqs) {
          const s = document.querySelector(`#m-${seq} [data-status]`);
          if (s) s.textContent = STATUS[f.status] || f.status;
        }
      } else if (f.type === "error") {
        const p = pending.find((x) => x.clientId === f.clientId);
        if (p) {
          p.error = f.error;
          showPending(p);
          pending = pending.filter((x) => x !== p);
          save();
        } else say(f.error);
      }
    });
    ws.addEventListener("close", () => {
      joined = false;
      delete root.dataset.live;
      say("Offline: messages you write are kept and sent when the connection returns.");
      for (const p of pending) showPending(p);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    });
  }

  form?.addEventListener("submit", (ev) => {
    const text = input.value.trim();
    if (!text) return;
    ev.preventDefault();
    const p = { text, clientId: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}` };
    pending.push(p);
    save();
    showPending(p);
    input.value = "";
    if (joined) ws.send(JSON.stringify({ type: "send", text: p.text, clientId: p.clientId }));
  });
  document.addEventListener("visibilitychange", () => {
    if (joined && document.visibilityState === "visible") ws.send(JSON.stringify({ type: "read", seq: lastSeq }));
  });
  setInterval(() => joined && ws.send("ping"), 30000);

  // An urgent announcement published while this page is open shows up without a reload: the
  // page asks for the banner (audience checked by the server) once a minute while visible.
  // A poll, not a socket frame: there is no registry of which rooms have open sockets, and
  // waking every conversation's object to broadcast costs more than this one small request.
  async function checkBanner() {
    if (document.visibilityState !== "visible") return;
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
  setInterval(checkBanner, 60000);
  for (const p of pending) showPending(p);
  connect();
})();

// The chat page: plain browser JavaScript, no build step. `io` is the global
// from /socket.io/socket.io.js, served by the volley server itself; `ChatView`
// (view.js) builds the DOM, `remembered` (storage.js) keeps what a reload needs.
"use strict";

(function () {
  const TYPING_THROTTLE_MS = 1000; // at most one "typing" event a second
  const TYPING_EXPIRE_MS = 2000; // an indicator disappears 2 s after the last event
  // How long before an unanswered message says "no answer yet" (never "failed": the
  // answer may still come). `?ackTimeout=300` in the address changes it (the specs use it).
  const ACK_TIMEOUT_MS = Number(new URLSearchParams(location.search).get("ackTimeout")) || 5000;

  const view = window.ChatView;
  const el = view.el;
  const remembered = window.ChatStorage;

  const state = {
    name: "",
    room: "",
    /** The join on its way ({ name, room }), re-sent if the connection drops before its answer. */
    joining: null,
    /** Every socket id this tab has had: messages from them are "You", across reconnections and reloads. */
    ownIds: new Set(remembered.ownIds()),
    /** Server ids already shown: recovery and re-join can both bring a message again. */
    seen: new Set(),
    /** cid -> { li, text, lost, timer }: sent, not answered yet. */
    pending: new Map(),
    /** sender socket id -> { name, timer } for "… is typing". */
    typing: new Map(),
    lastTypingSent: 0,
    wasDisconnected: false,
  };

  const socket = io();

  // ---- connection status ----------------------------------------------------

  socket.on("connect", () => {
    state.ownIds.add(socket.id);
    remembered.saveOwnIds(state.ownIds);
    if (!state.wasDisconnected) {
      view.setStatus("connected", "Connected");
      return;
    }
    state.wasDisconnected = false;
    view.setStatus("reconnected", "Reconnected");
    // Recovered: same session, rooms kept, missed messages replayed by the server.
    // Not recovered (too long away, or the server restarted): join again; the
    // history it returns fills the gap, and known ids are skipped.
    const target = state.joining || (state.room && { name: state.name, room: state.room });
    if (target && (state.joining || !socket.recovered)) joinRoom(target.name, target.room);
    else resendLost();
  });

  socket.on("disconnect", (reason) => {
    // A message sent on this connection and not answered lost its ack with it:
    // it goes again once connected (the server recognises a re-send by its cid).
    for (const entry of state.pending.values()) if (entry.sent) entry.lost = true;
    if (reason === "io client disconnect") return;
    state.wasDisconnected = true;
    view.setStatus("reconnecting", "Reconnecting…");
  });

  socket.io.on("reconnect_attempt", () => view.setStatus("reconnecting", "Reconnecting…"));
  socket.on("connect_error", () => {
    if (!socket.active) view.setStatus("offline", "Offline");
  });

  // ---- joining, switching and leaving rooms ---------------------------------------

  el.name.value = remembered.get("chat.name") || "";
  el.room.value = remembered.get("chat.room") || "general";

  for (const chip of document.querySelectorAll(".chip")) {
    chip.addEventListener("click", () => {
      el.room.value = chip.dataset.room;
      if (el.name.value.trim()) el.joinForm.requestSubmit();
      else el.name.focus();
    });
  }

  el.joinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    joinRoom(el.name.value.trim(), el.room.value.trim());
  });

  el.leave.addEventListener("click", leaveRoom);

  // A reload comes back to the room this tab was in, under the same name.
  const session = remembered.session();
  if (session) joinRoom(session.name, session.room);

  function joinRoom(name, room) {
    view.showJoinError("");
    el.join.disabled = true;
    const request = { name, room };
    state.joining = request;
    const slow = setTimeout(() => view.showJoinNote("Waiting for the server…"), ACK_TIMEOUT_MS);
    socket.emit("join", request, (answer) => {
      clearTimeout(slow);
      if (state.joining !== request) {
        // a newer join came after this one (its answer decides), or a leave: then make sure
        // the server does not keep this tab in a room the page already left
        if (answer.ok && !state.joining && !state.room) socket.emit("leave", () => {});
        return;
      }
      state.joining = null;
      el.join.disabled = false;
      view.showJoinNote("");
      if (!answer.ok) return view.showJoinError(answer.error.message);
      const switched = answer.room !== state.room;
      state.name = answer.name;
      state.room = answer.room;
      state.ownIds.add(answer.id);
      remembered.set("chat.name", answer.name);
      remembered.set("chat.room", answer.room);
      remembered.saveSession({ name: answer.name, room: answer.room });
      if (switched) {
        view.clearMessages();
        state.seen.clear();
        clearTyping();
      }
      for (const message of answer.history) addMessage(message);
      if (switched) view.addPresence(`You joined #${answer.room}`);
      renderMembers(answer.members);
      view.showRoom(answer.room);
      resendLost();
    });
  }

  /** Leaves at once on the page; the server is told (buffered if offline). */
  function leaveRoom() {
    if (!state.room) return;
    socket.emit("leave", () => {});
    state.room = "";
    state.joining = null;
    remembered.saveSession(null);
    for (const entry of state.pending.values()) clearTimeout(entry.timer);
    state.pending.clear();
    state.seen.clear();
    clearTyping();
    view.showLobby();
  }

  socket.on("members", ({ room, members, change }) => {
    if (room !== state.room) return;
    renderMembers(members);
    // your own changes are told by the page itself ("You joined", the status badge)
    if (change && change.member.id !== socket.id) view.addPresence(presenceText(change));
  });

  const PRESENCE = { joined: "joined", left: "left", disconnected: "disconnected", back: "is back" };
  function presenceText({ type, member }) {
    return `${member.name} ${PRESENCE[type] || type}`;
  }

  function renderMembers(members) {
    view.renderMembers(members, socket.id);
  }

  // ---- messages -------------------------------------------------------------------

  socket.on("message", (message) => {
    if (message.room !== state.room) return;
    stopTyping(message.from);
    addMessage(message);
  });

  el.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = el.message.value.trim();
    if (!text || !state.room) return;
    el.message.value = "";
    // The next keystroke starts a new message: announce it at once, not after the throttle.
    state.lastTypingSent = 0;
    const cid = randomId();
    const li = view.renderMessage({ id: `local-${cid}`, name: state.name, text, ts: Date.now() }, true);
    view.setDelivery(li, "sending");
    view.appendMessage(li);
    const entry = { li, text, lost: false, sent: false, timer: 0 };
    state.pending.set(cid, entry);
    send(cid, entry);
  });

  /** Sends (or sends again) a pending message; only its answer settles it, however late. */
  function send(cid, entry) {
    entry.lost = false;
    entry.sent = socket.connected; // if not, it waits in the client's buffer, its ack kept
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (state.pending.get(cid) === entry) view.setDelivery(entry.li, "waiting");
    }, ACK_TIMEOUT_MS);
    socket.emit("message", { text: entry.text, cid }, (answer) => settle(cid, entry, answer));
  }

  function settle(cid, entry, answer) {
    if (state.pending.get(cid) !== entry) return; // already settled (a re-send's twin answer)
    if (!answer.ok && answer.error.code === "NOT_IN_ROOM" && (state.joining || state.room)) {
      // sent before the re-join of a new session reached the server: send it again after
      entry.lost = true;
      return;
    }
    clearTimeout(entry.timer);
    state.pending.delete(cid);
    if (!answer.ok) return view.setDelivery(entry.li, "failed", answer.error.message);
    state.seen.add(answer.message.id);
    entry.li.dataset.id = answer.message.id;
    view.setTime(entry.li, answer.message.ts);
    view.setDelivery(entry.li, "delivered");
  }

  function resendLost() {
    if (!state.room || !socket.connected) return;
    for (const [cid, entry] of state.pending) if (entry.lost) send(cid, entry);
  }

  function addMessage(message) {
    if (state.seen.has(message.id)) return;
    state.seen.add(message.id);
    const own = state.ownIds.has(message.from);
    const li = view.renderMessage(message, own);
    if (own) view.setDelivery(li, "delivered");
    view.appendMessage(li);
  }

  /** A message id for re-sends: random, and available on plain http (unlike crypto.randomUUID). */
  function randomId() {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---- typing indicators -------------------------------------------------------------

  el.message.addEventListener("input", () => {
    const now = Date.now();
    if (!el.message.value || now - state.lastTypingSent < TYPING_THROTTLE_MS) return;
    state.lastTypingSent = now;
    socket.volatile.emit("typing");
  });

  socket.on("typing", ({ room, from, name }) => {
    if (room !== state.room || state.ownIds.has(from)) return;
    clearTimeout(state.typing.get(from)?.timer);
    state.typing.set(from, { name, timer: setTimeout(() => stopTyping(from), TYPING_EXPIRE_MS) });
    renderTyping();
  });

  function stopTyping(from) {
    if (!state.typing.has(from)) return;
    clearTimeout(state.typing.get(from).timer);
    state.typing.delete(from);
    renderTyping();
  }

  function clearTyping() {
    for (const { timer } of state.typing.values()) clearTimeout(timer);
    state.typing.clear();
    renderTyping();
  }

  function renderTyping() {
    view.renderTyping([...state.typing.values()].map((t) => t.name));
  }
})();

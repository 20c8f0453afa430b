// The chat page: plain browser JavaScript, no build step. `io` is the global
// from /socket.io/socket.io.js, served by the volley server itself.
"use strict";

(function () {
  const TYPING_THROTTLE_MS = 1000; // at most one "typing" event a second
  const TYPING_EXPIRE_MS = 2000; // an indicator disappears 2 s after the last event
  const ACK_TIMEOUT_MS = 5000;

  const $ = (selector) => document.querySelector(selector);
  const el = {
    joinForm: $("#join-form"),
    name: $("#name"),
    room: $("#room"),
    join: $("#join"),
    joinError: $("#join-error"),
    members: $("#members"),
    memberCount: $("#member-count"),
    currentRoom: $("#current-room"),
    status: $("#status"),
    empty: $("#empty"),
    messages: $("#messages"),
    typing: $("#typing"),
    composer: $("#composer"),
    message: $("#message"),
    send: $("#send"),
  };

  const state = {
    name: "",
    room: "",
    /** Server ids already shown: recovery and re-join can both bring a message again. */
    seen: new Set(),
    /** name -> timer that clears its typing indicator */
    typing: new Map(),
    lastTypingSent: 0,
    wasDisconnected: false,
    localSeq: 0,
  };

  const socket = io();

  // ---- connection status ----------------------------------------------------

  let statusTimer;
  function setStatus(kind, text) {
    clearTimeout(statusTimer);
    el.status.dataset.state = kind;
    el.status.textContent = text;
    if (kind === "reconnected") {
      statusTimer = setTimeout(() => setStatus("connected", "Connected"), 3000);
    }
  }

  socket.on("connect", () => {
    if (!state.wasDisconnected) {
      setStatus("connected", "Connected");
      return;
    }
    state.wasDisconnected = false;
    setStatus("reconnected", "Reconnected");
    // Recovered: same session, rooms kept, missed messages replayed by the server.
    // Not recovered (too long away, or the server restarted): join again; the
    // history it returns fills the gap, and known ids are skipped.
    if (!socket.recovered && state.room) joinRoom(state.name, state.room);
  });

  socket.on("disconnect", (reason) => {
    if (reason === "io client disconnect") return;
    state.wasDisconnected = true;
    setStatus("reconnecting", "Reconnecting…");
  });

  socket.io.on("reconnect_attempt", () => setStatus("reconnecting", "Reconnecting…"));
  socket.on("connect_error", () => {
    if (!socket.active) setStatus("offline", "Offline");
  });

  // ---- joining and switching rooms ---------------------------------------------

  const saved = safeStorage();
  el.name.value = saved.get("chat.name") || "";
  el.room.value = saved.get("chat.room") || "general";

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

  function joinRoom(name, room) {
    showJoinError("");
    el.join.disabled = true;
    socket.timeout(ACK_TIMEOUT_MS).emit("join", { name, room }, (err, answer) => {
      el.join.disabled = false;
      if (err) return showJoinError("The server did not answer. Try again.");
      if (!answer.ok) return showJoinError(answer.error.message);
      const switched = answer.room !== state.room;
      state.name = answer.name;
      state.room = answer.room;
      saved.set("chat.name", answer.name);
      saved.set("chat.room", answer.room);
      if (switched) {
        el.messages.replaceChildren();
        state.seen.clear();
        clearTyping();
      }
      for (const message of answer.history) addMessage(message);
      renderMembers(answer.members);
      el.join.textContent = "Switch room";
      el.currentRoom.textContent = "#" + answer.room;
      el.currentRoom.hidden = false;
      el.empty.hidden = true;
      el.messages.hidden = false;
      el.message.disabled = false;
      el.send.disabled = false;
      el.message.focus();
      document.title = `#${answer.room} · volley chat`;
    });
  }

  function showJoinError(text) {
    el.joinError.textContent = text;
    el.joinError.hidden = !text;
  }

  socket.on("members", ({ room, members }) => {
    if (room === state.room) renderMembers(members);
  });

  function renderMembers(members) {
    el.members.replaceChildren(
      ...members.map((name) => {
        const li = document.createElement("li");
        li.textContent = name;
        if (name === state.name) li.classList.add("me");
        return li;
      }),
    );
    el.memberCount.textContent = String(members.length);
  }

  // ---- messages -------------------------------------------------------------------

  socket.on("message", (message) => {
    if (message.room !== state.room) return;
    stopTyping(message.name);
    addMessage(message);
  });

  el.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = el.message.value.trim();
    if (!text || !state.room) return;
    el.message.value = "";
    // The next keystroke starts a new message: announce it at once, not after the throttle.
    state.lastTypingSent = 0;
    const li = renderMessage({ id: `local-${++state.localSeq}`, name: state.name, text, ts: Date.now() }, true);
    setDelivery(li, "sending");
    el.messages.append(li);
    scrollToEnd();
    socket.timeout(ACK_TIMEOUT_MS).emit("message", text, (err, answer) => {
      if (err || !answer.ok) {
        setDelivery(li, "failed", err ? "not delivered (no answer)" : answer.error.message);
        return;
      }
      state.seen.add(answer.message.id);
      li.dataset.id = answer.message.id;
      li.querySelector("time").textContent = formatTime(answer.message.ts);
      setDelivery(li, "delivered");
    });
  });

  function addMessage(message) {
    if (state.seen.has(message.id)) return;
    state.seen.add(message.id);
    const own = message.name === state.name;
    const li = renderMessage(message, own);
    if (own) setDelivery(li, "delivered");
    el.messages.append(li);
    scrollToEnd();
  }

  /** Builds one message with textContent only: names and texts are untrusted. */
  function renderMessage(message, own) {
    const li = document.createElement("li");
    li.className = own ? "msg own" : "msg";
    li.dataset.id = message.id;
    const meta = document.createElement("div");
    meta.className = "meta";
    const author = document.createElement("span");
    author.className = "author";
    author.textContent = own ? "You" : message.name;
    const time = document.createElement("time");
    time.textContent = formatTime(message.ts);
    meta.append(author, time);
    const body = document.createElement("p");
    body.className = "text";
    body.textContent = message.text;
    li.append(meta, body);
    return li;
  }

  const DELIVERY_TEXT = { sending: "sending…", delivered: "delivered ✓", failed: "failed ✗" };
  function setDelivery(li, status, detail) {
    li.dataset.status = status;
    let badge = li.querySelector(".delivery");
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "delivery";
      li.querySelector(".meta").append(badge);
    }
    badge.textContent = DELIVERY_TEXT[status];
    badge.title = detail || "";
  }

  function formatTime(ts) {
    return new Date(ts).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function scrollToEnd() {
    el.messages.scrollTop = el.messages.scrollHeight;
  }

  // ---- typing indicators -------------------------------------------------------------

  el.message.addEventListener("input", () => {
    const now = Date.now();
    if (!el.message.value || now - state.lastTypingSent < TYPING_THROTTLE_MS) return;
    state.lastTypingSent = now;
    socket.volatile.emit("typing");
  });

  socket.on("typing", ({ room, name }) => {
    if (room !== state.room || name === state.name) return;
    clearTimeout(state.typing.get(name));
    state.typing.set(name, setTimeout(() => stopTyping(name), TYPING_EXPIRE_MS));
    renderTyping();
  });

  function stopTyping(name) {
    if (!state.typing.has(name)) return;
    clearTimeout(state.typing.get(name));
    state.typing.delete(name);
    renderTyping();
  }

  function clearTyping() {
    for (const timer of state.typing.values()) clearTimeout(timer);
    state.typing.clear();
    renderTyping();
  }

  function renderTyping() {
    const names = [...state.typing.keys()];
    el.typing.textContent =
      names.length === 0
        ? ""
        : names.length === 1
          ? `${names[0]} is typing…`
          : names.length === 2
            ? `${names[0]} and ${names[1]} are typing…`
            : "Several people are typing…";
  }

  // ---- small helpers -------------------------------------------------------------------

  /** localStorage can throw (private mode, disabled storage): remembering names is optional. */
  function safeStorage() {
    return {
      get(key) {
        try {
          return localStorage.getItem(key);
        } catch {
          return null;
        }
      },
      set(key, value) {
        try {
          localStorage.setItem(key, value);
        } catch {
          /* not remembered, nothing else changes */
        }
      },
    };
  }
})();

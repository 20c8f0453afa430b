// The chat page's DOM: every element it changes and how. Texts from other people
// (names, messages) only ever go through textContent: they are untrusted.
"use strict";

window.ChatView = (function () {
  const $ = (selector) => document.querySelector(selector);
  const el = {
    joinForm: $("#join-form"),
    name: $("#name"),
    room: $("#room"),
    join: $("#join"),
    joinError: $("#join-error"),
    joinNote: $("#join-note"),
    leave: $("#leave"),
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

  let statusTimer;
  function setStatus(kind, text) {
    clearTimeout(statusTimer);
    el.status.dataset.state = kind;
    el.status.textContent = text;
    if (kind === "reconnected") {
      statusTimer = setTimeout(() => setStatus("connected", "Connected"), 3000);
    }
  }

  function showJoinError(text) {
    el.joinError.textContent = text;
    el.joinError.hidden = !text;
  }

  function showJoinNote(text) {
    el.joinNote.textContent = text;
    el.joinNote.hidden = !text;
  }

  /** In a room: the conversation and the composer, "Switch room" and "Leave". */
  function showRoom(room) {
    el.join.textContent = "Switch room";
    el.leave.hidden = false;
    el.currentRoom.textContent = "#" + room;
    el.currentRoom.hidden = false;
    el.empty.hidden = true;
    el.messages.hidden = false;
    el.message.disabled = false;
    el.send.disabled = false;
    el.message.focus();
    document.title = `#${room} · volley chat`;
  }

  /** Out of any room: back to the form alone. */
  function showLobby() {
    el.join.textContent = "Join";
    el.leave.hidden = true;
    el.currentRoom.hidden = true;
    el.empty.hidden = false;
    el.messages.hidden = true;
    el.messages.replaceChildren();
    el.message.disabled = true;
    el.send.disabled = true;
    renderMembers([], undefined);
    document.title = "volley chat";
  }

  /** One entry per person (two of the same name are two entries); yours marked "(you)". */
  function renderMembers(members, ownId) {
    el.members.replaceChildren(
      ...members.map((member) => {
        const li = document.createElement("li");
        li.textContent = member.name;
        li.dataset.id = member.id;
        if (member.id === ownId) li.classList.add("me");
        return li;
      }),
    );
    el.memberCount.textContent = String(members.length);
  }

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

  /** "ada joined", "bob left": a line of the conversation, not a message. */
  function addPresence(text) {
    const li = document.createElement("li");
    li.className = "presence";
    li.textContent = text;
    appendMessage(li);
  }

  function appendMessage(li) {
    el.messages.append(li);
    el.messages.scrollTop = el.messages.scrollHeight;
  }

  function clearMessages() {
    el.messages.replaceChildren();
  }

  const DELIVERY_TEXT = {
    sending: "sending…",
    waiting: "sending… no answer yet",
    delivered: "delivered ✓",
    failed: "failed ✗",
  };
  /** The delivery mark of one of your messages; a refusal's reason is shown under the text. */
  function setDelivery(li, status, reason) {
    li.dataset.status = status;
    let badge = li.querySelector(".delivery");
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "delivery";
      li.querySelector(".meta").append(badge);
    }
    badge.textContent = DELIVERY_TEXT[status];
    let why = li.querySelector(".reason");
    if (reason && !why) {
      why = document.createElement("p");
      why.className = "reason";
      li.append(why);
    }
    if (why) why.textContent = reason ? `Not sent: ${reason}` : "";
    if (why) why.hidden = !reason;
  }

  function setTime(li, ts) {
    li.querySelector("time").textContent = formatTime(ts);
  }

  function formatTime(ts) {
    return new Date(ts).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function renderTyping(names) {
    el.typing.textContent =
      names.length === 0
        ? ""
        : names.length === 1
          ? `${names[0]} is typing…`
          : names.length === 2
            ? `${names[0]} and ${names[1]} are typing…`
            : "Several people are typing…";
  }

  return {
    el,
    setStatus,
    showJoinError,
    showJoinNote,
    showRoom,
    showLobby,
    renderMembers,
    renderMessage,
    addPresence,
    appendMessage,
    clearMessages,
    setDelivery,
    setTime,
    renderTyping,
  };
})();

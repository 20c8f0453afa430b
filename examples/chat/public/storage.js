// What the chat page remembers. localStorage (all tabs): the last name and room,
// to fill the form. sessionStorage (this tab, kept across a reload): the room the
// tab is in, so a reload joins it again, and the socket ids the tab has had, so
// its own earlier messages still read "You". Storage can throw (private mode,
// disabled storage): then nothing is remembered and nothing else changes.
"use strict";

window.ChatStorage = (function () {
  const OWN_IDS_KEPT = 50;

  function read(store, key) {
    try {
      return window[store].getItem(key);
    } catch {
      return null;
    }
  }

  function write(store, key, value) {
    try {
      if (value === null) window[store].removeItem(key);
      else window[store].setItem(key, value);
    } catch {
      /* not remembered */
    }
  }

  function readJson(key) {
    try {
      return JSON.parse(read("sessionStorage", key) || "null");
    } catch {
      return null;
    }
  }

  return {
    get: (key) => read("localStorage", key),
    set: (key, value) => write("localStorage", key, value),

    /** `{ name, room }` of the room this tab is in, or null. */
    session() {
      const saved = readJson("chat.session");
      return saved && typeof saved.name === "string" && typeof saved.room === "string" ? saved : null;
    },
    saveSession: (session) => write("sessionStorage", "chat.session", session && JSON.stringify(session)),

    ownIds() {
      const ids = readJson("chat.ownIds");
      return Array.isArray(ids) ? ids.filter((id) => typeof id === "string") : [];
    },
    saveOwnIds: (ids) => write("sessionStorage", "chat.ownIds", JSON.stringify([...ids].slice(-OWN_IDS_KEPT))),
  };
})();

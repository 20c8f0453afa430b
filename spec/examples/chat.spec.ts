/**
 * The chat's server logic driven by volley's Node client: validation answers
 * with error acks and never crashes, rooms are isolated, history is bounded,
 * members follow joins and leaves, and a dropped connection is recovered.
 */
import { expect } from "chai";
import { io, type Socket } from "../../client/index.js";
import { createChatServer, type RunningChat, type ChatMessage, type MembersUpdate } from "../../examples/chat/chat.js";
import { checkClientId, checkMessage, checkName, checkRoom } from "../../examples/chat/validate.js";

type Answer = { ok: boolean; error?: { code: string; message: string }; [key: string]: any };

describe("examples/chat server logic", function () {
  let chat: RunningChat;
  const clients: Socket[] = [];

  function connect(): Promise<Socket> {
    const socket = io(chat.url, { forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 100 });
    clients.push(socket);
    return new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", reject);
    });
  }

  const ask = (socket: Socket, event: string, ...args: unknown[]): Promise<Answer> =>
    socket.timeout(2000).emitWithAck(event, ...args) as Promise<Answer>;

  async function joined(name: string, room: string): Promise<Socket> {
    const socket = await connect();
    const answer = await ask(socket, "join", { name, room });
    expect(answer.ok, JSON.stringify(answer)).to.equal(true);
    return socket;
  }

  const next = <T>(socket: Socket, event: string): Promise<T> => new Promise((resolve) => socket.once(event, resolve));

  beforeEach(async function () {
    chat = await createChatServer({ port: 0, historySize: 3, messagesPerSecond: 100 });
  });

  afterEach(async function () {
    for (const socket of clients.splice(0)) socket.disconnect();
    await chat.close();
  });

  describe("validation (pure checks)", function () {
    it("trims and bounds names, rooms and messages", function () {
      expect(checkName("  ada ")).to.deep.equal({ ok: true, value: "ada" });
      expect(checkName("x".repeat(33)).ok).to.equal(false);
      expect(checkName(42).ok).to.equal(false);
      expect(checkRoom("my room-1_b")).to.deep.equal({ ok: true, value: "my room-1_b" });
      expect(checkRoom("a/b").ok).to.equal(false);
      expect(checkRoom("x".repeat(33)).ok).to.equal(false);
      expect(checkMessage("x".repeat(500)).ok).to.equal(true);
      expect(checkMessage("x".repeat(501)).ok).to.equal(false);
      expect(checkMessage("   ").ok).to.equal(false);
      expect(checkClientId(undefined)).to.deep.equal({ ok: true, value: undefined });
      expect(checkClientId("k3-9f_A")).to.deep.equal({ ok: true, value: "k3-9f_A" });
      expect(checkClientId("a b").ok).to.equal(false);
      expect(checkClientId("x".repeat(65)).ok).to.equal(false);
      expect(checkClientId(7).ok).to.equal(false);
    });
  });

  describe("bad input over the wire", function () {
    it("answers each bad join or message with an error code and keeps serving", async function () {
      const socket = await connect();
      expect((await ask(socket, "message", "too early")).error?.code).to.equal("NOT_IN_ROOM");
      expect((await ask(socket, "join", { name: "", room: "general" })).error?.code).to.equal("INVALID_NAME");
      expect((await ask(socket, "join", { name: "x".repeat(33), room: "general" })).error?.code).to.equal("INVALID_NAME");
      expect((await ask(socket, "join", { name: "ada", room: "<script>" })).error?.code).to.equal("INVALID_ROOM");
      expect((await ask(socket, "join", { name: "ada", room: "" })).error?.code).to.equal("INVALID_ROOM");
      expect((await ask(socket, "join", "not an object")).error?.code).to.equal("INVALID_NAME");
      expect((await ask(socket, "join", null)).error?.code).to.equal("INVALID_NAME");
      expect((await ask(socket, "join", { name: "ada", room: "general" })).ok).to.equal(true);
      expect((await ask(socket, "message", "")).error?.code).to.equal("INVALID_MESSAGE");
      expect((await ask(socket, "message", "x".repeat(501))).error?.code).to.equal("INVALID_MESSAGE");
      expect((await ask(socket, "message", { text: 42 })).error?.code).to.equal("INVALID_MESSAGE");
      expect((await ask(socket, "message", { text: "hi", cid: "<script>" })).error?.code).to.equal("INVALID_MESSAGE");
      expect((await ask(socket, "message", ["hi"])).error?.code).to.equal("INVALID_MESSAGE");
      // Events without an ack callback must not throw on the server either.
      socket.emit("join", { name: 1 });
      socket.emit("message", "no ack wanted");
      const answer = await ask(socket, "message", "still here");
      expect(answer.ok).to.equal(true);
      expect(answer.message.text).to.equal("still here");
      expect(socket.connected).to.equal(true);
    });

    it("refuses messages beyond the per-second rate", async function () {
      await chat.close();
      chat = await createChatServer({ port: 0, messagesPerSecond: 2 });
      const socket = await joined("ada", "general");
      const answers = await Promise.all([1, 2, 3].map((n) => ask(socket, "message", `m${n}`)));
      expect(answers.map((a) => a.ok)).to.deep.equal([true, true, false]);
      expect(answers[2]!.error?.code).to.equal("RATE_LIMITED");
    });
  });

  describe("rooms", function () {
    it("relays a message to the sender's room only, acking the sender with its id and time", async function () {
      const ada = await joined("ada", "alpha");
      const bob = await joined("bob", "alpha");
      const cy = await joined("cy", "beta");
      const seenByCy: ChatMessage[] = [];
      cy.on("message", (m: ChatMessage) => seenByCy.push(m));
      const received = next<ChatMessage>(bob, "message");
      const answer = await ask(ada, "message", "  hello alpha ");
      const message = await received;
      expect(message).to.deep.equal(answer.message);
      expect(message).to.include({ room: "alpha", from: ada.id, name: "ada", text: "hello alpha" });
      expect(message.ts).to.be.a("number");
      // cy's own message round-trips, so anything meant for cy has arrived by now.
      await ask(cy, "message", "beta only");
      expect(seenByCy).to.deep.equal([]);
    });

    const names = (update: { members: { name: string }[] }) => update.members.map((m) => m.name);

    it("sends the room's members with what changed on join, switch of room, leave and disconnect", async function () {
      const ada = await joined("ada", "alpha");
      const update = next<MembersUpdate>(ada, "members");
      const bob = await connect();
      const answer = await ask(bob, "join", { name: "bob", room: "alpha" });
      expect(answer.id).to.equal(bob.id);
      expect(answer.members).to.deep.equal([
        { id: ada.id, name: "ada" },
        { id: bob.id, name: "bob" },
      ]);
      expect(await update).to.deep.equal({ room: "alpha", members: answer.members, change: { type: "joined", member: { id: bob.id, name: "bob" } } });

      const afterSwitch = next<MembersUpdate>(ada, "members");
      const switched = await ask(bob, "join", { name: "bob", room: "beta" });
      expect(switched).to.include({ ok: true, room: "beta" });
      expect(names(switched as never)).to.deep.equal(["bob"]);
      expect(await afterSwitch).to.deep.include({ members: [{ id: ada.id, name: "ada" }], change: { type: "left", member: { id: bob.id, name: "bob" } } });

      const cy = await joined("cy", "alpha");
      const cyId = cy.id;
      const afterLeave = next<MembersUpdate>(ada, "members");
      cy.disconnect(); // a deliberate disconnect (DISCONNECT packet): "left"
      expect((await afterLeave).change).to.deep.equal({ type: "left", member: { id: cyId, name: "cy" } });

      const dan = await joined("dan", "alpha");
      const danId = dan.id!;
      const afterDrop = next<MembersUpdate>(ada, "members");
      chat.io.sockets.sockets.get(danId)!.conn.close(); // the connection drops: "disconnected"
      expect(await afterDrop).to.deep.include({ members: [{ id: ada.id, name: "ada" }], change: { type: "disconnected", member: { id: danId, name: "dan" } } });
      const back = next<MembersUpdate>(ada, "members");
      await next(dan, "connect");
      expect(dan.recovered).to.equal(true);
      expect((await back).change).to.deep.equal({ type: "back", member: { id: danId, name: "dan" } });
    });

    it("keeps two people of the same name apart: two members, each message from its own socket", async function () {
      const first = await joined("ada", "alpha");
      const second = await connect();
      const answer = await ask(second, "join", { name: "ada", room: "alpha" });
      expect(answer.members).to.have.length(2);
      expect(answer.members.map((m: { id: string }) => m.id).sort()).to.deep.equal([first.id, second.id].sort());
      const atSecond = next<ChatMessage>(second, "message");
      const sent = await ask(first, "message", "from the first ada");
      expect(sent.message.from).to.equal(first.id);
      expect((await atSecond).from).to.equal(first.id);
      // one of them leaving leaves the other in the list
      const afterLeave = next<MembersUpdate>(second, "members");
      expect(await ask(first, "leave")).to.deep.equal({ ok: true, room: "alpha" });
      expect((await afterLeave).members).to.deep.equal([{ id: second.id, name: "ada" }]);
    });

    it("leaves a room on request: no more messages from or to it, and a second leave is refused", async function () {
      const ada = await joined("ada", "alpha");
      const bob = await joined("bob", "alpha");
      expect((await ask(ada, "leave")).ok).to.equal(true);
      const seenByAda: ChatMessage[] = [];
      ada.on("message", (m: ChatMessage) => seenByAda.push(m));
      await ask(bob, "message", "ada is gone");
      expect((await ask(ada, "message", "still here?")).error?.code).to.equal("NOT_IN_ROOM");
      expect((await ask(ada, "leave")).error?.code).to.equal("NOT_IN_ROOM");
      expect(seenByAda).to.deep.equal([]);
      expect(ada.connected).to.equal(true);
    });

    it("answers a re-send (same cid) with the stored message, relayed and rate-counted once", async function () {
      await chat.close();
      chat = await createChatServer({ port: 0, messagesPerSecond: 1 });
      const ada = await joined("ada", "alpha");
      const bob = await joined("bob", "alpha");
      const atBob: ChatMessage[] = [];
      bob.on("message", (m: ChatMessage) => atBob.push(m));
      const first = await ask(ada, "message", { text: "once", cid: "c-1" });
      const again = await ask(ada, "message", { text: "once", cid: "c-1" });
      expect(first.ok).to.equal(true);
      expect(again).to.deep.equal(first);
      // bob's own round trip: anything relayed to him before it has arrived
      await ask(bob, "message", "sync");
      expect(atBob.map((m) => m.text)).to.deep.equal(["once"]);
      // a new message is new: beyond the rate of 1 a second
      expect((await ask(ada, "message", { text: "twice", cid: "c-2" })).error?.code).to.equal("RATE_LIMITED");
    });

    it("runs a short heartbeat by default, so a dead connection is noticed within seconds", async function () {
      // the Engine.IO handshake ("0{...}") tells every client the heartbeat it must expect
      const open = await (await fetch(`${chat.url}/socket.io/?EIO=4&transport=polling`)).text();
      expect(open[0]).to.equal("0");
      expect(JSON.parse(open.slice(1))).to.include({ pingInterval: 5000, pingTimeout: 4000 });
    });

    it("keeps the last historySize messages per room and sends them on join", async function () {
      const ada = await joined("ada", "alpha");
      for (const text of ["one", "two", "three", "four"]) await ask(ada, "message", text);
      const bob = await connect();
      const answer = await ask(bob, "join", { name: "bob", room: "alpha" });
      expect(answer.history.map((m: ChatMessage) => m.text)).to.deep.equal(["two", "three", "four"]);
      const other = await ask(bob, "join", { name: "bob", room: "beta" });
      expect(other.history).to.deep.equal([]);
    });

    it("relays typing to the rest of the room", async function () {
      const ada = await joined("ada", "alpha");
      const bob = await joined("bob", "alpha");
      const typing = next(ada, "typing");
      bob.emit("typing");
      expect(await typing).to.deep.equal({ room: "alpha", from: bob.id, name: "bob" });
    });
  });

  describe("reconnection", function () {
    it("recovers a dropped connection with the messages missed meanwhile, each once", async function () {
      const ada = await joined("ada", "alpha");
      const bob = await joined("bob", "alpha");
      const received: string[] = [];
      ada.on("message", (m: ChatMessage) => received.push(m.text));
      await ask(bob, "message", "before");
      const id = ada.id!;
      const dropped = next(ada, "disconnect");
      // The server drops ada's transport, as a network failure would.
      chat.io.sockets.sockets.get(id)!.conn.close();
      await dropped;
      await ask(bob, "message", "while away");
      await next(ada, "connect");
      expect(ada.recovered).to.equal(true);
      expect(ada.id).to.equal(id);
      const gotAfter = new Promise<void>((resolve) => ada.on("message", (m: ChatMessage) => m.text === "after" && resolve()));
      await ask(bob, "message", "after");
      await gotAfter;
      expect(received).to.deep.equal(["before", "while away", "after"]);
    });
  });
});

/**
 * The chat demo in headless Chromium, as its users found it: two people of
 * the same name, a late acknowledgement, a reload, the leave button, join and
 * leave lines, a refusal's reason, and the badge after a silent network drop.
 */
import { createServer as createTcpServer, connect as tcpConnect, type Server as TcpServer, type Socket as TcpSocket } from "node:net";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../support/browser.js";
import { createChatServer, type ChatOptions, type RunningChat } from "../../examples/chat/chat.js";

describe("examples/chat in Chromium: people, sessions and delivery", function () {
  this.timeout(30000);

  let browser: Browser;
  let chat: RunningChat | undefined;

  before(async function () {
    browser = await launchBrowser();
  });

  after(async function () {
    await browser?.close();
  });

  afterEach(async function () {
    for (const context of browser.contexts()) await context.close();
    await chat?.close();
    chat = undefined;
  });

  async function startChat(options: ChatOptions = {}): Promise<RunningChat> {
    chat = await createChatServer({ port: 0, ...options });
    return chat;
  }

  /** A person: an own browser context (own storage, own connection), joined to a room. */
  async function person(name: string, room: string, url = chat!.url): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10000);
    await page.goto(url);
    await page.fill("#name", name);
    await page.fill("#room", room);
    await page.click("#join");
    await page.locator("#members li.me").waitFor();
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.fill("#message", text);
    await page.click("#send");
  }

  const ownMessage = (page: Page, text: string) => page.locator("#messages li.own", { hasText: text });
  const authors = (page: Page) => page.locator("#messages li.msg .author").allTextContents();
  const presence = (page: Page) => page.locator("#messages li.presence").allTextContents();
  const memberNames = (page: Page) => page.locator("#members li").allTextContents();

  /**
   * Records every value a selector's attribute (or text) takes, from now on, in
   * window.__seen[key]. A string, not a function: tsx's name helpers do not exist in the page.
   */
  async function record(page: Page, key: string, selector: string, attribute?: string): Promise<void> {
    await page.evaluate(`(() => {
      const seen = (window.__seen ??= {});
      const values = (seen[${JSON.stringify(key)}] = []);
      const take = () => {
        for (const node of document.querySelectorAll(${JSON.stringify(selector)})) {
          const value = ${attribute ? `node.getAttribute(${JSON.stringify(attribute)})` : "node.textContent"};
          if (value !== null && values[values.length - 1] !== value) values.push(value);
        }
      };
      new MutationObserver(take).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      take();
    })()`);
  }
  const recorded = (page: Page, key: string) => page.evaluate((key) => (window as any).__seen[key] as string[], key);

  it("keeps two people of the same name apart: two members, each sees only own messages as You", async function () {
    await startChat();
    const first = await person("ada", "twins");
    const second = await person("ada", "twins");
    await first.locator("#members li").nth(1).waitFor();
    for (const page of [first, second]) {
      expect(await memberNames(page)).to.deep.equal(["ada", "ada"]);
      expect(await page.locator("#members li.me").count()).to.equal(1);
    }
    expect(await first.locator("#members li.me").getAttribute("data-id")).to.not.equal(
      await second.locator("#members li.me").getAttribute("data-id"),
    );

    await send(first, "from the first");
    await second.locator("#messages li", { hasText: "from the first" }).waitFor();
    await send(second, "from the second");
    await first.locator("#messages li", { hasText: "from the second" }).waitFor();
    await ownMessage(second, "from the second").and(second.locator('[data-status="delivered"]')).waitFor();

    expect(await authors(first)).to.deep.equal(["You", "ada"]);
    expect(await authors(second)).to.deep.equal(["ada", "You"]);
    expect(await ownMessage(first, "from the first").count()).to.equal(1);
    expect(await ownMessage(first, "from the second").count()).to.equal(0);
    expect(await ownMessage(second, "from the first").count()).to.equal(0);
  });

  it("marks a message delivered when its ack comes after the page's ack timeout, never failed", async function () {
    await startChat();
    // The server answers "message" only when the spec lets it: long after the page's 300 ms.
    const held: Array<() => void> = [];
    chat!.io.on("connection", (socket) =>
      socket.use((packet, next) => {
        const ack = packet[packet.length - 1];
        if (packet[0] === "message" && typeof ack === "function") {
          packet[packet.length - 1] = (...answer: unknown[]) => held.push(() => ack(...answer));
        }
        next();
      }),
    );
    const bob = await person("bob", "late");
    const adaPage = await (await browser.newContext()).newPage();
    adaPage.setDefaultTimeout(10000);
    await adaPage.goto(`${chat!.url}/?ackTimeout=300`);
    await adaPage.fill("#name", "ada");
    await adaPage.fill("#room", "late");
    await adaPage.click("#join");
    await adaPage.locator("#members li.me").waitFor();
    await record(adaPage, "status", "#messages li.own", "data-status");

    await send(adaPage, "slow answer");
    await bob.locator("#messages li", { hasText: "slow answer" }).waitFor();
    const mark = ownMessage(adaPage, "slow answer");
    await mark.and(adaPage.locator('[data-status="waiting"]')).waitFor();
    expect(await mark.locator(".delivery").textContent()).to.equal("sending… no answer yet");
    expect(held).to.have.length(1);
    held.shift()!();
    await mark.and(adaPage.locator('[data-status="delivered"]')).waitFor();
    expect(await mark.locator(".delivery").textContent()).to.equal("delivered ✓");
    expect(await recorded(adaPage, "status")).to.deep.equal(["sending", "waiting", "delivered"]);
    expect(await mark.locator(".reason").count()).to.equal(0);
  });

  it("shows why a message was refused on the page, under the message", async function () {
    await startChat({ messagesPerSecond: 1 });
    const ada = await person("ada", "busy");
    await send(ada, "first");
    await send(ada, "second");
    const refused = ownMessage(ada, "second");
    await refused.and(ada.locator('[data-status="failed"]')).waitFor();
    expect(await refused.locator(".reason").isVisible()).to.equal(true);
    expect(await refused.locator(".reason").textContent()).to.equal("Not sent: too many messages, slow down");
  });

  it("rejoins the same room under the same name after a reload, own messages still You; others see the lines", async function () {
    await startChat();
    const carol = await person("carol", "reload");
    await send(carol, "before the reload");
    await ownMessage(carol, "before the reload").and(carol.locator('[data-status="delivered"]')).waitFor();
    const dave = await person("dave", "reload");
    expect(await presence(dave)).to.deep.equal(["You joined #reload"]);
    await carol.locator("#messages li.presence", { hasText: "dave joined" }).waitFor();

    await carol.reload();
    await carol.locator("#current-room", { hasText: "#reload" }).waitFor();
    await carol.locator("#members li.me").waitFor();
    expect(await carol.inputValue("#name")).to.equal("carol");
    await carol.locator("#messages li", { hasText: "before the reload" }).waitFor();
    expect(await authors(carol)).to.deep.equal(["You"]);
    // the old page's socket is gone, the new one is in: dave sees both, and two members
    await dave.locator("#messages li.presence", { hasText: "carol disconnected" }).waitFor();
    await dave.locator("#messages li.presence", { hasText: "carol joined" }).waitFor();
    await dave.locator("#members li").nth(1).waitFor();
    expect(await memberNames(dave)).to.deep.equal(["carol", "dave"]);
  });

  it("leaves with the leave button: back to the form, the others see it, a reload stays out", async function () {
    await startChat();
    const erin = await person("erin", "exit");
    const finn = await person("finn", "exit");
    await erin.locator("#members li").nth(1).waitFor();

    await finn.click("#leave");
    expect(await finn.locator("#leave").isHidden()).to.equal(true);
    expect(await finn.locator("#messages").isHidden()).to.equal(true);
    expect(await finn.locator("#message").isDisabled()).to.equal(true);
    expect(await finn.locator("#join").textContent()).to.equal("Join");
    await erin.locator("#messages li.presence", { hasText: "finn left" }).waitFor();
    await erin.locator("#members li", { hasText: "finn" }).waitFor({ state: "detached" });
    expect(await memberNames(erin)).to.deep.equal(["erin"]);
    await send(erin, "only erin now");
    await ownMessage(erin, "only erin now").and(erin.locator('[data-status="delivered"]')).waitFor();

    await finn.reload();
    await finn.locator("#status", { hasText: "Connected" }).waitFor();
    expect(await finn.locator("#current-room").isHidden()).to.equal(true);
    expect(await finn.inputValue("#name")).to.equal("finn");
    expect(await memberNames(erin)).to.deep.equal(["erin"]);
  });

  describe("after a silent network drop", function () {
    let proxy: TcpServer;
    /** Connections through the proxy; a dead one forwards nothing and is never closed. */
    const pairs: Array<{ client: TcpSocket; upstream: TcpSocket; dead: boolean }> = [];

    afterEach(async function () {
      for (const { client, upstream } of pairs.splice(0)) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => proxy?.close(resolve));
    });

    /**
     * A TCP proxy to the chat. `drop()` makes every current connection silent,
     * as a dead network does; `restore()` resets them (as the OS does in the
     * end), and new connections go through again.
     */
    async function startProxy(target: number): Promise<{ url: string; drop: () => void; restore: () => void }> {
      proxy = createTcpServer((client) => {
        const upstream = tcpConnect(target, "127.0.0.1");
        const pair = { client, upstream, dead: false };
        pairs.push(pair);
        client.on("data", (chunk) => pair.dead || upstream.write(chunk));
        upstream.on("data", (chunk) => pair.dead || client.write(chunk));
        client.on("close", () => pair.dead || upstream.destroy());
        upstream.on("close", () => pair.dead || client.destroy());
        client.on("error", () => {});
        upstream.on("error", () => {});
      });
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      return {
        url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        drop: () => pairs.forEach((pair) => (pair.dead = true)),
        restore: () => {
          for (const pair of pairs) if (pair.dead) [pair.client, pair.upstream].forEach((socket) => socket.resetAndDestroy());
        },
      };
    }

    it("says Reconnecting once the heartbeat misses, then Reconnected, and sends what was typed meanwhile", async function () {
      // the demo's default heartbeat (5 s / 4 s) shortened further, so the spec waits little
      const { port } = await startChat({ pingInterval: 1000, pingTimeout: 1000 });
      const { url, drop, restore } = await startProxy(port);
      const gus = await person("gus", "net", url);
      await gus.locator("#status", { hasText: "Connected" }).waitFor();
      await record(gus, "badge", "#status");

      drop();
      await send(gus, "typed while the network was down");
      // only the heartbeat can tell: nothing was closed
      await gus.locator("#status", { hasText: "Reconnecting" }).waitFor();
      expect(await ownMessage(gus, "typed while the network was down").getAttribute("data-status")).to.be.oneOf(["sending", "waiting"]);
      restore();
      await gus.locator("#status", { hasText: "Reconnected" }).waitFor();
      expect(await recorded(gus, "badge")).to.deep.equal(["Connected", "Reconnecting…", "Reconnected"]);
      await ownMessage(gus, "typed while the network was down").and(gus.locator('[data-status="delivered"]')).waitFor();
      expect(await gus.locator("#messages li.msg").count()).to.equal(1);
    });
  });
});

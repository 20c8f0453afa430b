/**
 * The chat demo in real headless Chromium: three people, two rooms, messages
 * stay in their room, members are listed live, delivery is acknowledged.
 */
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../support/browser.js";
import { createChatServer, type RunningChat } from "../../examples/chat/chat.js";

describe("examples/chat in Chromium", function () {
  this.timeout(20000);

  let chat: RunningChat;
  let browser: Browser;
  let shots: string;
  let ada: Page;
  let bob: Page;
  let cy: Page;

  /** Each person gets an own browser context: own storage, own connection. */
  async function openAndJoin(name: string, room: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(chat.url);
    await page.fill("#name", name);
    await page.fill("#room", room);
    await page.click("#join");
    await page.locator("#members li", { hasText: name }).waitFor();
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.fill("#message", text);
    await page.click("#send");
  }

  const messageTexts = (page: Page) => page.locator("#messages li .text").allTextContents();

  before(async function () {
    chat = await createChatServer({ port: 0 });
    const bundle = await fetch(`${chat.url}/socket.io/socket.io.js`);
    expect(bundle.status, "the server serves the client bundle (npm run build makes dist/bundle)").to.equal(200);
    await bundle.arrayBuffer();
    browser = await launchBrowser();
    shots = await mkdtemp(join(tmpdir(), "volley-chat-"));
    [ada, bob, cy] = await Promise.all([openAndJoin("ada", "alpha"), openAndJoin("bob", "alpha"), openAndJoin("cy", "beta")]);
  });

  after(async function () {
    await browser?.close();
    await chat?.close();
    if (shots) await rm(shots, { recursive: true, force: true });
  });

  it("lists both members of alpha on the first page, and only cy in beta", async function () {
    await ada.locator("#members li", { hasText: "bob" }).waitFor();
    expect((await ada.locator("#members li").allTextContents()).sort()).to.deep.equal(["ada", "bob"]);
    expect(await cy.locator("#members li").allTextContents()).to.deep.equal(["cy"]);
  });

  it("delivers a message to its room only, and acknowledges it to the sender", async function () {
    await send(ada, "hello alpha");
    await bob.locator("#messages li", { hasText: "hello alpha" }).waitFor();
    const own = ada.locator("#messages li.own", { hasText: "hello alpha" });
    await own.and(ada.locator('[data-status="delivered"]')).waitFor();
    expect(await own.locator(".delivery").textContent()).to.equal("delivered ✓");

    await send(cy, "hello beta");
    await cy.locator('#messages li[data-status="delivered"]', { hasText: "hello beta" }).waitFor();
    // beta's message was acknowledged, so it was broadcast; alpha must not have it.
    await send(bob, "bob again");
    await ada.locator("#messages li", { hasText: "bob again" }).waitFor();

    expect(await messageTexts(ada)).to.deep.equal(["hello alpha", "bob again"]);
    expect(await messageTexts(bob)).to.deep.equal(["hello alpha", "bob again"]);
    expect(await messageTexts(cy)).to.deep.equal(["hello beta"]);
    expect(await bob.locator("#messages li", { hasText: "hello alpha" }).locator(".author").textContent()).to.equal("ada");
  });

  it("shows who is typing to the rest of the room", async function () {
    await bob.locator("#message").pressSequentially("typ");
    await ada.locator("#typing", { hasText: "bob is typing" }).waitFor();
    expect(await cy.locator("#typing").textContent()).to.equal("");
  });

  it("reconnects after a dropped connection and recovers missed messages once", async function () {
    const adaSocket = [...chat.io.sockets.sockets.values()].find((socket) => socket.data.name === "ada")!;
    // The server drops ada's transport, as a network failure would.
    adaSocket.conn.close();
    await ada.locator("#status", { hasText: "Reconnecting" }).waitFor();
    await send(bob, "while you were away");
    await bob.locator('#messages li[data-status="delivered"]', { hasText: "while you were away" }).waitFor();
    await ada.locator("#status", { hasText: "Reconnected" }).waitFor();
    await ada.locator("#messages li", { hasText: "while you were away" }).waitFor();
    expect(await messageTexts(ada)).to.deep.equal(["hello alpha", "bob again", "while you were away"]);
    expect((await ada.locator("#members li").allTextContents()).sort()).to.deep.equal(["ada", "bob"]);
  });

  it("updates the member list when someone leaves", async function () {
    await bob.context().close();
    await ada.locator("#members li", { hasText: "bob" }).waitFor({ state: "detached" });
    expect(await ada.locator("#members li").allTextContents()).to.deep.equal(["ada"]);
  });

  it("renders a screenshot with the conversation visible", async function () {
    expect(await ada.locator("#messages").isVisible()).to.equal(true);
    const file = join(shots, "chat.png");
    await ada.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).to.equal(true);
    expect(statSync(file).size).to.be.greaterThan(1000);
  });
});

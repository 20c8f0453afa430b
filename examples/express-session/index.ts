/**
 * `node --import tsx examples/express-session/index.ts`: starts the app, then
 * plays a visitor: a page load, then two socket connections sending the
 * session cookie, each counting one more visit of the same session.
 */
import { io } from "../../client/index.js";
import { startServer } from "./server.js";

const server = await startServer({ port: Number(process.env.PORT ?? 0) });
console.log(`express-session example on ${server.url}`);

// In a browser the cookie travels by itself; in Node we carry it by hand.
const page = await fetch(server.url);
const cookie = page.headers.get("set-cookie")?.split(";")[0] ?? "";
console.log(`GET / -> ${(await page.text()).trim()} (cookie ${cookie.slice(0, 24)}…)`);

for (let i = 1; i <= 2; i++) {
  const socket = io(server.url, { forceNew: true, extraHeaders: { Cookie: cookie } });
  const info = await new Promise((resolve) => socket.once("session", resolve));
  console.log(`socket ${i} sees`, info);
  socket.disconnect();
}
await server.close();

/**
 * `npm start`: the chat on http://localhost:3000 (PORT and HOST override).
 */
import { createChatServer } from "./chat.js";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const chat = await createChatServer({ port, host });
const shown = host === "127.0.0.1" ? `http://localhost:${chat.port}` : chat.url;
console.log(`volley chat listening on ${shown}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log("shutting down");
    void chat.close().then(() => process.exit(0));
  });
}

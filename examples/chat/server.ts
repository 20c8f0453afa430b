/**
 * `npm start`: the chat on http://localhost:3000 (PORT and HOST override).
 *
 * A port that cannot be used (taken, or privileged) is reported in one line
 * that says how to pick another, and the process exits with status 1.
 */
import { createChatServer, type RunningChat } from "./chat.js";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "127.0.0.1";

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`volley chat: PORT=${process.env.PORT} is not a port number (an integer from 0 to 65535), e.g. PORT=4000 npm start`);
  process.exit(1);
}

/** The one-line explanation of a listen error people can fix themselves, else undefined. */
function explainListenError(error: unknown, port: number, host: string): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const pickAnother = `start it on another port with: PORT=${port < 65535 ? port + 1 : 3000} npm start`;
  if (code === "EADDRINUSE") return `port ${port} on ${host} is already in use (another server is running there); ${pickAnother}`;
  if (code === "EACCES") return `port ${port} on ${host} needs privileges this user does not have; ${pickAnother}`;
  if (code === "EADDRNOTAVAIL") return `HOST=${host} is not an address of this machine; leave HOST unset for 127.0.0.1`;
  return undefined;
}

let chat: RunningChat;
try {
  chat = await createChatServer({ port, host });
} catch (error) {
  const explained = explainListenError(error, port, host);
  if (!explained) throw error;
  console.error(`volley chat: ${explained}`);
  process.exit(1);
}
const shown = host === "127.0.0.1" ? `http://localhost:${chat.port}` : chat.url;
console.log(`volley chat listening on ${shown}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log("shutting down");
    void chat.close().then(() => process.exit(0));
  });
}

/**
 * A typed volley client in Node: the maps are the server's, swapped
 * (what the server listens to is what the client emits).
 */
import { io, type Socket } from "../../client/index.js";
import type { ClientToServerEvents, ServerToClientEvents } from "./events.js";

export type TypedClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What one conversation with the server produced. */
export interface Conversation {
  notice: string;
  greeting: string;
  sum: number;
  refusal: string;
}

type AddResult = Parameters<Parameters<ClientToServerEvents["add"]>[2]>[0];

/** The acknowledgement's parameter is typed from the map: `result` is AddResult here. */
function add(socket: TypedClient, a: number, b: number): Promise<AddResult> {
  return new Promise((resolve) => socket.emit("add", a, b, (result) => resolve(result)));
}

/**
 * Connects as `name`, says hello, adds two numbers, sends a bad addition and
 * answers the server's question, then disconnects.
 *
 * @example
 * const result = await converse("http://127.0.0.1:3001", "ada");
 * result.greeting; // "Hello, ada!"
 */
export async function converse(url: string, name: string): Promise<Conversation> {
  const socket: TypedClient = io(url, { forceNew: true, reconnection: false });
  // Listeners first: the server greets as soon as the connection is up.
  const notice = new Promise<string>((resolve) => socket.once("notice", resolve));
  socket.on("whoAreYou", (ack) => ack(name));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const greeting = await new Promise<string>((resolve) => socket.emit("hello", name, resolve));
    const added = await add(socket, 2, 40);
    // NaN is a number to TypeScript but not to the server's check: typed is not validated.
    const refused = await add(socket, Number.NaN, 1);
    return {
      notice: await notice,
      greeting,
      sum: "sum" in added ? added.sum : Number.NaN,
      refusal: "error" in refused ? refused.error : "",
    };
  } finally {
    socket.disconnect();
  }
}

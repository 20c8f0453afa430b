// A browser app using the packed volley's client: compiled with the DOM library and
// no @types/node at all, so the client's declarations must not need Node's.
import { io, type Socket } from "volley/client";

const socket: Socket = io({ transports: ["websocket"] });
socket.on("connect", () => document.title = `connected as ${socket.id}`);

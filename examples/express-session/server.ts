/**
 * Express + express-session shared with volley: the same session middleware
 * runs on the app's routes and on the engine's handshake, so
 * `socket.request.session` is the visitor's Express session.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import express from "express";
import session from "express-session";
import { Server } from "../../lib/index.js";

declare module "express-session" {
  interface SessionData {
    /** Page loads and socket connections of this session, together. */
    visits: number;
  }
}

declare module "node:http" {
  interface IncomingMessage {
    /** Set by express-session, on Express requests and on the socket's handshake request alike. */
    session: session.Session & Partial<session.SessionData>;
  }
}

/** A running example server. */
export interface RunningServer {
  url: string;
  port: number;
  io: Server;
  close(): Promise<void>;
}

/**
 * Starts the app on `port` (0 picks a free one). `secret` signs the session
 * cookie; a random one per run is fine for a demo, not for a real app.
 *
 * @example
 * const { url, close } = await startServer({ port: 0 });
 */
export async function startServer({ port = 3002, host = "127.0.0.1", secret = randomBytes(16).toString("hex") } = {}): Promise<RunningServer> {
  const sessionMiddleware = session({
    secret,
    resave: false,
    // The handshake must leave with a cookie even before anything is stored.
    saveUninitialized: true,
    cookie: { httpOnly: true, sameSite: "lax" },
  });

  const app = express();
  app.use(sessionMiddleware);
  app.get("/", (req, res) => {
    req.session.visits = (req.session.visits ?? 0) + 1;
    res.type("text").send(`visit #${req.session.visits} of this session\n`);
  });

  const httpServer = http.createServer(app);
  const io = new Server(httpServer);
  // The engine runs it on handshake requests: the session is loaded before "connection".
  io.engine.use(sessionMiddleware);

  io.on("connection", (socket) => {
    const req = socket.request;
    // The session object is a snapshot from the handshake: reload it to see other
    // tabs' changes, change it, save it back to the store.
    req.session.reload((err) => {
      if (err) return socket.emit("session", { error: "session expired" });
      req.session.visits = (req.session.visits ?? 0) + 1;
      req.session.save(() => socket.emit("session", { id: req.session.id, visits: req.session.visits ?? 0 }));
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const actual = (httpServer.address() as AddressInfo).port;
  return { url: `http://${host}:${actual}`, port: actual, io, close: () => io.close() };
}

/**
 * The socket.io adapter contract: what a FOREIGN adapter (socket.io-adapter's
 * `Adapter`, `ClusterAdapter`, `ClusterAdapterWithHeartbeat`,
 * `SessionAwareAdapter`, and the packages built on them:
 * `@socket.io/redis-adapter`, `@socket.io/redis-streams-adapter`,
 * `@socket.io/cluster-adapter`, `@socket.io/postgres-adapter`) reads or calls
 * on the objects volley hands it. This file is the one place that lists it;
 * the interfaces below are implemented by volley's classes, so the compiler
 * keeps them honest, and spec/server/adapter-contract.spec.ts runs
 * socket.io-adapter's own classes through volley's behaviour.
 *
 * | member | who uses it | why |
 * | --- | --- | --- |
 * | `nsp.name` | every adapter | channel names, message filtering, `packet.nsp` |
 * | `nsp.sockets` (Map id → Socket) | base `Adapter.apply`, redis-adapter's REMOTE_JOIN/LEAVE/DISCONNECT | find the local socket of an id |
 * | `nsp.server.encoder.encode(packet)` | base `Adapter` constructor and `_encode` | encode a broadcast ONCE; returns engine chunks |
 * | `nsp.server.opts.connectionStateRecovery` | `ClusterAdapter.addOffsetIfNecessary`, `SessionAwareAdapter`, redis-streams `persistSession` | whether to append offsets; `maxDisconnectionDuration` |
 * | `nsp.server._opts` | (socket.io's alias of `opts`, read by third-party adapters) | same object as `opts` |
 * | `nsp._ids` (read and `++`) | base `Adapter.broadcastWithAck` | the ack id shared by every recipient of one broadcast |
 * | `nsp._onServerSideEmit([ev, ...args, ack?])` | `ClusterAdapter`, redis-adapter | deliver another server's `serverSideEmit` |
 * | `socket.id`, `socket.handshake` (plain object), `socket.rooms`, `socket.data` | `fetchSockets` answers to other servers | serialized as `{id, handshake, rooms, data}` |
 * | `socket.acks.set(id, ack)` | base `Adapter.broadcastWithAck` | register the broadcast's ack on each recipient |
 * | `socket.notifyOutgoingListeners(packet)` (optional) | base `Adapter.broadcast*` | `onAnyOutgoing` listeners see broadcasts |
 * | `socket.client.writeToEngine(chunks, {preEncoded, volatile, compress, wsPreEncodedFrame})` | base `Adapter.broadcast*` | write the chunks encoded once; volley frames WebSocket messages itself and ignores `wsPreEncodedFrame` |
 * | `socket.join(rooms)`, `socket.leave(room)`, `socket.disconnect(close)` | base `addSockets`/`delSockets`/`disconnectSockets`, redis-adapter | remote socketsJoin/socketsLeave/disconnectSockets |
 *
 * Not read by any of them (so volley owes them nothing there): `nsp._fns`,
 * `socket._cleanup`, `server.of`, the engine. `@socket.io/sticky` is no
 * adapter; it reads `io.httpServer` and `io.engine` ("connection" events with
 * `socket.id`, and each session's "close").
 *
 * And the other way round, what volley calls on an adapter (all of
 * socket.io's `Adapter` API): `init`, `close`, `addAll`, `del`, `delAll`,
 * `broadcast`, `broadcastWithAck`, `serverCount`, `sockets`, `socketRooms`,
 * `fetchSockets`, `addSockets`, `delSockets`, `disconnectSockets`,
 * `serverSideEmit`, `persistSession`, `restoreSession`. A foreign adapter may
 * return a promise from any of them (ClusterAdapter's are async) and that
 * promise may reject: {@link settleAdapterCall} and
 * {@link reportAdapterRejection} route the failure to the caller (an ack's error, a rejected promise, or the namespace's "error"
 * event), never to an unhandled rejection.
 *
 * volley's own {@link Adapter} (the default) does not go through this
 * contract: it calls `nsp.nextBroadcastAckId()`, `socket.registerBroadcastAck`
 * and `client.writeEncoded` directly.
 */
import type { Packet } from "./protocol/packet.js";
import { encodeForEngine, type EngineChunk } from "./engine-connection.js";

/** `server.encoder`: what socket.io-adapter encodes a broadcast with (once per broadcast). */
export interface AdapterEncoder {
  encode(packet: Packet): EngineChunk[];
}

/** The encoder every volley Server exposes: the same encoding as volley's own broadcasts. */
export const ENGINE_ENCODER: AdapterEncoder = Object.freeze({ encode: encodeForEngine });

/** The options socket.io-adapter passes to `writeToEngine`. */
export interface WriteToEngineOptions {
  preEncoded?: boolean;
  volatile?: boolean;
  compress?: boolean;
  /** A WebSocket frame precomputed by socket.io-adapter; volley's engine frames itself. */
  wsPreEncodedFrame?: unknown;
}

/** What adapters read on `nsp.server`. */
export interface AdapterServerView {
  readonly encoder: AdapterEncoder;
  readonly opts: { connectionStateRecovery?: { maxDisconnectionDuration: number } };
  readonly _opts: { connectionStateRecovery?: { maxDisconnectionDuration: number } };
}

/** What adapters call on `socket.client`. */
export interface AdapterClientView {
  writeToEngine(encodedPackets: EngineChunk | readonly EngineChunk[], opts: WriteToEngineOptions): void;
}

/** What adapters read or call on a Socket. */
export interface AdapterSocketView {
  readonly id: string;
  readonly handshake: object;
  readonly rooms: Set<string>;
  data: unknown;
  readonly acks: { set(id: number, ack: (...args: unknown[]) => void): unknown };
  readonly client: AdapterClientView;
  notifyOutgoingListeners(packet: Packet): void;
  join(rooms: string | string[]): Promise<void> | void;
  leave(room: string): Promise<void> | void;
  disconnect(close?: boolean): unknown;
}

/** What adapters read or call on a Namespace. */
export interface AdapterNamespaceView {
  readonly name: string;
  readonly sockets: Map<string, AdapterSocketView>;
  readonly server: AdapterServerView;
  _ids: number;
  _onServerSideEmit(args: [string, ...unknown[]]): void;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";
}

/** Any thrown value as an Error (adapters reject with strings too). */
export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Watches the result of an adapter call that may be a promise: a rejection
 * goes to `onError` (and is thereby handled). For calls with a caller to
 * answer (an ack, a promise).
 *
 * @example
 * settleAdapterCall(adapter.serverSideEmit([...args, ack]), (err) => ack(err, []));
 */
export function settleAdapterCall(result: unknown, onError: (err: Error) => void): void {
  if (isPromiseLike(result)) result.then(undefined, (err: unknown) => onError(toError(err)));
}

/** Who hears of a failed fire-and-forget adapter call: the namespace, or the socket it was made for. */
export interface AdapterErrorSink {
  _onAdapterError(operation: string, err: Error): void;
}

/**
 * Like {@link settleAdapterCall} for fire-and-forget calls (broadcast,
 * socketsJoin…): a rejection goes to `sink._onAdapterError(operation, err)`.
 * Nothing is allocated unless the result is a promise, so volley's own
 * adapter (synchronous) pays one type check per call on the broadcast path.
 *
 * @example
 * reportAdapterRejection(adapter.broadcast(packet, opts), nsp, "broadcast");
 */
export function reportAdapterRejection(result: unknown, sink: AdapterErrorSink, operation: string): void {
  if (isPromiseLike(result)) result.then(undefined, (err: unknown) => sink._onAdapterError(operation, toError(err)));
}

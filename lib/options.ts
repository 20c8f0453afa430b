/**
 * Options of the Socket.IO layer, their defaults, and how they are resolved.
 *
 * Every engine option (pingInterval, transports, cors, …) may be given here too:
 * the Server passes the whole object through to the engine it creates.
 */
import type { AttachOptions } from "./engine/attach.js";
import type { EngineOptions } from "./engine/options.js";
import {
  BOOLEAN,
  BOOLEAN_OR_OBJECT,
  checkOptions,
  ENGINE_OPTION_RULES,
  FUNCTION,
  limit,
  MILLISECONDS,
  PATH,
  type OptionRules,
} from "./engine/validate-options.js";
import { DEFAULTS } from "./protocol/constants.js";
import type { AdapterConstructor } from "./adapter.js";

/** Options of connection state recovery (see lib/recovery.ts). */
export interface ConnectionStateRecoveryOptions {
  /** How long a session survives a disconnection, in ms. Default 120000. */
  maxDisconnectionDuration?: number;
  /** Whether a recovered socket skips the namespace middlewares. Default true. */
  skipMiddlewares?: boolean;
}

/**
 * Options of `new Server(…)`.
 *
 * @example
 * new Server(httpServer, { path: "/rt/", connectTimeout: 10_000, connectionStateRecovery: {} });
 */
export interface ServerOptions extends EngineOptions, Pick<AttachOptions, "destroyUpgrade" | "destroyUpgradeTimeout"> {
  /** Path the engine answers on. Default "/socket.io/"; "rt" means "/rt/". */
  path?: string;
  /** Whether the client bundle is served under `path`. Default true. */
  serveClient?: boolean;
  /** Time a connection has to join a namespace before it is closed, in ms. Default 45000. */
  connectTimeout?: number;
  /** The adapter class each namespace instantiates. Default the in-memory Adapter. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  adapter?: AdapterConstructor<any>;
  /** Turns connection state recovery on (an empty object gives the defaults). */
  connectionStateRecovery?: ConnectionStateRecoveryOptions;
  /** Whether a dynamic child namespace is removed once its last socket leaves. Default false. */
  cleanupEmptyChildNamespaces?: boolean;
  /** Most binary attachments one incoming packet may announce. Default 10. */
  maxAttachments?: number;
  /** Deepest nesting of arrays/objects in an incoming packet; deeper is a parse error. Default 1000. */
  maxNestingDepth?: number;
  /** Most namespaces one connection may join or be joining at once; more are refused with CONNECT_ERROR. Default 100. */
  maxNamespacesPerConnection?: number;
  /**
   * Most acks one socket may wait for at once (its own emits with a callback;
   * a client that never answers cannot grow the table past it). An emit past
   * the cap is not sent: its callback gets an Error (code
   * VOLLEY_TOO_MANY_PENDING_ACKS) at once, emitWithAck rejects with it. Default 1000.
   */
  maxPendingAcks?: number;
}

/** Options after defaults are applied; recovery stays undefined when off. */
export interface ResolvedServerOptions extends ServerOptions {
  path: string;
  serveClient: boolean;
  connectTimeout: number;
  cleanupEmptyChildNamespaces: boolean;
  maxAttachments: number;
  maxNestingDepth: number;
  maxNamespacesPerConnection: number;
  maxPendingAcks: number;
  connectionStateRecovery?: Required<ConnectionStateRecoveryOptions>;
}

/** Namespaces one connection may hold at once: far above real apps, bounds a CONNECT flood. */
export const DEFAULT_MAX_NAMESPACES_PER_CONNECTION = 100;

/** Acks one socket may wait for at once: far above what a client answering on time leaves pending. */
export const DEFAULT_MAX_PENDING_ACKS = 1000;

/** Default path, with its trailing slash as socket.io documents it. */
export const DEFAULT_PATH = "/socket.io/";

/** The Server's own options; the engine's are checked by ENGINE_OPTION_RULES. */
export const SERVER_OPTION_RULES: OptionRules = {
  path: PATH,
  serveClient: BOOLEAN,
  connectTimeout: MILLISECONDS,
  adapter: FUNCTION,
  connectionStateRecovery: BOOLEAN_OR_OBJECT,
  "connectionStateRecovery.maxDisconnectionDuration": MILLISECONDS,
  "connectionStateRecovery.skipMiddlewares": BOOLEAN,
  cleanupEmptyChildNamespaces: BOOLEAN,
  maxAttachments: limit("attachments"),
  maxNestingDepth: limit("levels"),
  maxNamespacesPerConnection: limit("namespaces"),
  maxPendingAcks: limit("acks"),
};

/**
 * Throws a TypeError or RangeError for an option that cannot work, naming
 * it and what it accepts (lib/engine/validate-options.ts); returns `opts`.
 *
 * @example
 * checkServerOptions({ connectTimeout: -1 }); // RangeError: volley: option "connectTimeout" must be …, got -1 (number)
 */
export function checkServerOptions<T extends ServerOptions>(opts: T): T {
  return checkOptions(opts, ENGINE_OPTION_RULES, SERVER_OPTION_RULES);
}

/**
 * Checks the user options (checkServerOptions), then applies the defaults
 * (the input is not modified).
 *
 * @example
 * resolveServerOptions({ connectionStateRecovery: {} }).connectionStateRecovery?.maxDisconnectionDuration; // 120000
 */
export function resolveServerOptions(opts: ServerOptions = {}): ResolvedServerOptions {
  checkServerOptions(opts);
  const resolved: ResolvedServerOptions = {
    ...opts,
    path: opts.path ?? DEFAULT_PATH,
    serveClient: opts.serveClient !== false,
    connectTimeout: opts.connectTimeout ?? DEFAULTS.connectTimeout,
    cleanupEmptyChildNamespaces: !!opts.cleanupEmptyChildNamespaces,
    maxAttachments: opts.maxAttachments ?? DEFAULTS.maxAttachments,
    maxNestingDepth: opts.maxNestingDepth ?? DEFAULTS.maxNestingDepth,
    maxNamespacesPerConnection: opts.maxNamespacesPerConnection ?? DEFAULT_MAX_NAMESPACES_PER_CONNECTION,
    maxPendingAcks: opts.maxPendingAcks ?? DEFAULT_MAX_PENDING_ACKS,
    connectionStateRecovery: undefined,
  };
  if (opts.connectionStateRecovery) {
    resolved.connectionStateRecovery = {
      maxDisconnectionDuration: opts.connectionStateRecovery.maxDisconnectionDuration ?? DEFAULTS.maxDisconnectionDuration,
      skipMiddlewares: opts.connectionStateRecovery.skipMiddlewares ?? true,
    };
  }
  return resolved;
}

/**
 * What a spec can ask of one node of a cluster, run inside that node (the
 * test process for in-process nodes, the worker for node:cluster ones), on a
 * volley or a socket.io Server alike: both have socket.io 4's API. Answers
 * are plain JSON, whatever the node's process.
 */

/** The server-side state a spec observes on a node. */
export interface NodeState {
  name: string;
  io: any;
  /** serverSideEmit events this node received, as [event, ...args]. */
  notes: unknown[][];
}

/** Targets of a broadcast, as a spec writes them. */
export interface Target {
  nsp?: string;
  to?: string[];
  except?: string[];
  volatile?: boolean;
  local?: boolean;
}

/**
 * Sets up a node: dynamic namespaces `/dyn-<n>`, a connection handler that
 * answers "ask" acks, and the server-side events the specs emit.
 */
export function setupNode(name: string, io: any): NodeState {
  const state: NodeState = { name, io, notes: [] };
  io.of(/^\/dyn-\d+$/);
  io.on("note", (...args: unknown[]) => state.notes.push(["note", ...args]));
  io.on("ask-node", (arg: unknown, ack: (answer: unknown) => void) => ack(`${name}:${String(arg)}`));
  return state;
}

function operator(io: any, t: Target): any {
  let op = io.of(t.nsp ?? "/");
  if (t.to?.length) op = op.to(t.to);
  if (t.except?.length) op = op.except(t.except);
  if (t.volatile) op = op.volatile;
  if (t.local) op = op.local;
  return op;
}

function describeSocket(socket: any): { id: string; rooms: string[]; data: unknown } {
  return { id: socket.id, rooms: [...socket.rooms].sort(), data: socket.data };
}

/** Runs one operation on a node; the answer is JSON-serializable. */
export async function runOp(state: NodeState, op: string, args: any): Promise<unknown> {
  const io = state.io;
  switch (op) {
    case "serverCount":
      return io.of(args.nsp ?? "/").adapter.serverCount();
    case "join":
      await io
        .of(args.nsp ?? "/")
        .sockets.get(args.id)
        .join(args.rooms);
      return null;
    case "setData":
      io.of(args.nsp ?? "/").sockets.get(args.id).data = args.data;
      return null;
    case "localSockets":
      return [...io.of(args.nsp ?? "/").sockets.values()].map(describeSocket);
    case "emit":
      operator(io, args).emit(args.event, ...(args.args ?? []));
      return null;
    case "emitWithAck":
      try {
        return { answers: await operator(io, args).timeout(args.timeout).emitWithAck(args.event, ...(args.args ?? [])) };
      } catch (err: any) {
        return { error: err.message, responses: err.responses };
      }
    case "fetchSockets":
      return (await operator(io, args).fetchSockets()).map(describeSocket);
    case "remote": {
      const sockets = await operator(io, { nsp: args.nsp, to: [args.id] }).fetchSockets();
      const socket = sockets.find((s: any) => s.id === args.id);
      if (!socket) throw new Error(`no socket ${args.id}`);
      if (args.action === "emit") socket.emit(args.event, ...(args.args ?? []));
      else if (args.action === "emitWithAck") return socket.timeout(args.timeout).emitWithAck(args.event);
      else if (args.action === "join") socket.join(args.room);
      else if (args.action === "leave") socket.leave(args.room);
      else if (args.action === "disconnect") socket.disconnect(!!args.close);
      return null;
    }
    case "socketsJoin":
      operator(io, args).socketsJoin(args.rooms);
      return null;
    case "socketsLeave":
      operator(io, args).socketsLeave(args.rooms);
      return null;
    case "disconnectSockets":
      operator(io, args).disconnectSockets(!!args.close);
      return null;
    case "serverSideEmit":
      io.serverSideEmit(args.event, ...(args.args ?? []));
      return null;
    case "serverSideEmitWithAck":
      return io.serverSideEmitWithAck(args.event, ...(args.args ?? []));
    case "notes":
      return state.notes;
    case "pid":
      return io
        .of(args.nsp ?? "/")
        .sockets.get(args.id).pid;
    case "cut":
      // The engine session ends as if the network dropped: a recoverable "transport close".
      io.of(args.nsp ?? "/")
        .sockets.get(args.id)
        .conn.close();
      return null;
    default:
      throw new Error(`unknown op ${op}`);
  }
}

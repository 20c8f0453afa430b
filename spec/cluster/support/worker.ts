/**
 * A node:cluster worker running one cluster node (for the adapters that need
 * separate processes, like @socket.io/cluster-adapter). Its config comes in
 * the CLUSTER_NODE environment variable; the primary drives it with
 * `{ source: "volley-spec", id, op, args }` messages and gets
 * `{ source: "volley-spec", id, result | error }` back.
 */
import { runOp } from "./node-ops.js";
import { startServerNode, type NodeConfig } from "./server-node.js";

const SOURCE = "volley-spec";
const config = JSON.parse(process.env.CLUSTER_NODE as string) as NodeConfig;
const node = await startServerNode(config);

process.on("message", (message: { source?: string; id: number; op: string; args: unknown }) => {
  if (message?.source !== SOURCE) return;
  if (message.op === "close") {
    void node.close().finally(() => process.send?.({ source: SOURCE, id: message.id, result: null }, () => process.exit(0)));
    return;
  }
  runOp(node.state, message.op, message.args).then(
    (result) => process.send?.({ source: SOURCE, id: message.id, result: result ?? null }),
    (err: Error) => process.send?.({ source: SOURCE, id: message.id, error: err.message }),
  );
});
process.send?.({ source: SOURCE, id: 0, result: { port: node.port } });

/**
 * A process that is not a Socket.IO server: it connects to Redis, uses
 * @socket.io/redis-emitter on the cluster's key, and exits. Arguments come as
 * JSON in EMITTER_JOB: { url, key, clientName, room, socketId }.
 */
import { createClient } from "redis";
import { Emitter } from "@socket.io/redis-emitter";

const job = JSON.parse(process.env.EMITTER_JOB as string) as { url: string; key: string; clientName: string; room: string; socketId: string };
const client = createClient({ url: job.url, name: job.clientName });
await client.connect();
const emitter = new Emitter(client, { key: job.key });
emitter.emit("from-emitter", "all");
emitter.to(job.room).emit("from-emitter", "room");
emitter.of("/dyn-9").emit("from-emitter", "dyn");
emitter.in(job.socketId).socketsJoin("joined-by-emitter");
emitter.serverSideEmit("note", "emitter");
await client.close();

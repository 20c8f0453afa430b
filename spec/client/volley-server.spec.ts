/** The client suite against volley's own server. */
import { Server } from "../../lib/index.js";
import { clientSuite } from "./suite.js";
import type { ServerFactory } from "../support/client-helpers.js";

const volleyFactory: ServerFactory = {
  name: "volley",
  create: (http, opts) => new Server(http, opts),
};

clientSuite(volleyFactory);

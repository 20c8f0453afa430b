/** The client suite against an unmodified socket.io 4 server. */
import { clientSuite } from "./suite.js";
import { socketIoFactory } from "../support/client-helpers.js";

clientSuite(socketIoFactory);

// Express 4, installed under the alias "express4" next to Express 5, has the same call
// surface the specs use; its types are Express 5's (@types/express), close enough here.
declare module "express4" {
  import express from "express";
  export default express;
}

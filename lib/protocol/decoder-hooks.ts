/**
 * The browser twin of decoder-hooks.node.ts (the rollup browser builds alias
 * one to the other): browser pages use the lean Decoder only, so the calls of
 * the StrictDecoder's hooks are dead code there, and terser drops them. Do not
 * use StrictDecoder in a browser build: its checks would not run.
 *
 * @example
 * if (DECODER_HOOKS) this._payload?.(packet); // removed from the browser bundle
 */
export const DECODER_HOOKS: boolean = false;

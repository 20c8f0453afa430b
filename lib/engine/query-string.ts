/**
 * Query strings read exactly as URLSearchParams reads them, without one per
 * request when there is nothing to decode. Every polling request parses its
 * query, and a socket's handshake parses the first request's again when the
 * app reads `socket.handshake.query`: the usual query (`EIO=4&transport=…&sid=…`)
 * is split by hand, a fraction of the cost of a URLSearchParams and its
 * iterator; anything to decode goes to URLSearchParams itself.
 */

// What only URLSearchParams reads right: "+" (a space), percent escapes, a second leading "?",
// and anything not ASCII (it re-encodes the string as UTF-8 first: a lone surrogate becomes U+FFFD).
const NEEDS_URL_SEARCH_PARAMS = /[%+\u0080-\uffff]|^\?/;

/**
 * Calls `visit(name, value, target)` for each parameter of `search` (the part
 * after "?"), in order, repeated names included, as URLSearchParams yields
 * them. `target` is passed through, so callers need no closure per request.
 *
 * @example
 * eachQueryParameter("a=1&b=&a=2", (name, value, out) => out.push([name, value]), pairs);
 * // pairs: [["a", "1"], ["b", ""], ["a", "2"]]
 */
export function eachQueryParameter<T>(search: string, visit: (name: string, value: string, target: T) => void, target: T): void {
  if (NEEDS_URL_SEARCH_PARAMS.test(search)) {
    for (const [name, value] of new URLSearchParams(search)) visit(name, value, target);
    return;
  }
  let start = 0;
  while (start < search.length) {
    let end = search.indexOf("&", start);
    if (end === -1) end = search.length;
    if (end > start) {
      const eq = search.indexOf("=", start);
      if (eq === -1 || eq > end) visit(search.slice(start, end), "", target);
      else visit(search.slice(start, eq), search.slice(eq + 1, end), target);
    }
    start = end + 1;
  }
}

/**
 * The checks of the options an app gives an Engine or a Server, made once at
 * construction (and when an option is set later): a value that cannot work
 * throws at once, naming the option, what it accepts and what it got,
 * instead of failing far from its cause. (`pingInterval: "25s"` used to be
 * sent in the handshake, and the client closed with "ping timeout".)
 *
 * A wrong type is a TypeError; a value of the right type that cannot work
 * (a negative, NaN or infinite timing, an empty transport list, a cors
 * origin that no browser ever sends) is a RangeError. `undefined` and
 * `null` mean "the default" and are never refused; unknown options are left
 * alone (they may be another layer's, or the app's).
 *
 * The rules are one table per layer: ENGINE_OPTION_RULES here (the engine's
 * options and attach()'s), the Server's own in lib/options.ts.
 */

/** The rule one option follows. */
export interface OptionRule {
  /** What the option accepts, as the error message says it: `must be <accepts>`. */
  accepts: string;
  /** Whether the value has a type the option takes; otherwise a TypeError. */
  type: (value: unknown) => boolean;
  /** Whether a value of that type can work; otherwise a RangeError. Default: any can. */
  range?: (value: never) => boolean;
}

/** Rules by option name; "parent.child" names an option inside an object option (e.g. "cors.origin"). */
export type OptionRules = Readonly<Record<string, OptionRule>>;

/** setTimeout's largest delay: a longer one fires at once (Node warns and uses 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const isNumber = (v: unknown): v is number => typeof v === "number";
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isString = (v: unknown): v is string => typeof v === "string";
const isFunction = (v: unknown): boolean => typeof v === "function";
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Milliseconds of a timer: finite, >= 0, within setTimeout's range. */
export const MILLISECONDS: OptionRule = {
  accepts: `a finite number of milliseconds >= 0 (at most ${MAX_TIMER_MS}, setTimeout's limit)`,
  type: isNumber,
  range: (v: number) => v >= 0 && v <= MAX_TIMER_MS,
};

/** A size or count that must be finite. */
export const finiteAtLeastZero = (unit: string): OptionRule => ({
  accepts: `a finite number of ${unit} >= 0`,
  type: isNumber,
  range: (v: number) => v >= 0 && Number.isFinite(v),
});

/** A limit that Infinity turns off. */
export const limit = (unit: string): OptionRule => ({
  accepts: `a number of ${unit} >= 0 (Infinity for no limit)`,
  type: isNumber,
  range: (v: number) => v >= 0,
});

export const BOOLEAN: OptionRule = { accepts: "true or false", type: isBoolean };
export const FUNCTION: OptionRule = { accepts: "a function", type: isFunction };
export const BOOLEAN_OR_OBJECT: OptionRule = {
  accepts: "true, false or an object of settings",
  type: (v) => isBoolean(v) || isObject(v),
};

const STRINGS: OptionRule = {
  accepts: "a string or an array of strings",
  type: (v) => isString(v) || (Array.isArray(v) && v.every(isString)),
};

/**
 * A mount path: "/socket.io/", "/rt", or "socket.io" (a missing leading
 * slash is added: see `computePath`). Not a URL, no query, no fragment.
 */
export const PATH: OptionRule = {
  accepts: 'a URL path such as "/socket.io/" (no scheme, host, query, fragment or spaces)',
  type: isString,
  range: (v: string) => v !== "" && !/[?#\s]|:\/\//.test(v),
};

/**
 * What a browser sends as Origin: `scheme://host[:port]`, no path and no
 * trailing slash ("https://example.com/" never matches), or "null"
 * (sandboxed frames, file://). "*" allows every origin.
 */
function isOriginString(v: string): boolean {
  return v === "*" || v === "null" || /^[a-z][a-z\d+.-]*:\/\/[^/?#\s]+$/i.test(v);
}

const isOriginPattern = (v: unknown): boolean => isString(v) || v instanceof RegExp;

const CORS_ORIGIN: OptionRule = {
  accepts:
    'true, false, "*", an origin such as "https://example.com" (scheme and host, no path or trailing slash), ' +
    "a RegExp, an array of those, or a function (origin, callback)",
  type: (v) => isBoolean(v) || isFunction(v) || isOriginPattern(v) || (Array.isArray(v) && v.every(isOriginPattern)),
  range: (v: unknown) => ([] as unknown[]).concat(v).every((one) => !isString(one) || isOriginString(one)),
};

/** The transports the engine speaks. */
const TRANSPORT_NAMES: readonly unknown[] = ["polling", "websocket"];

/** The engine's options and attach()'s. */
export const ENGINE_OPTION_RULES: OptionRules = {
  pingInterval: MILLISECONDS,
  pingTimeout: MILLISECONDS,
  upgradeTimeout: MILLISECONDS,
  postBodyTimeout: MILLISECONDS,
  // sent to clients as maxPayload in the handshake: JSON has no Infinity
  maxHttpBufferSize: finiteAtLeastZero("bytes"),
  maxBufferedBytes: limit("bytes"),
  transports: {
    accepts: 'a non-empty array of "polling" and/or "websocket"',
    type: Array.isArray,
    range: (v: unknown[]) => v.length > 0 && v.every((name) => TRANSPORT_NAMES.includes(name)),
  },
  allowUpgrades: BOOLEAN,
  retainRequest: BOOLEAN,
  allowRequest: FUNCTION,
  cors: {
    // a function is socket.io's per-request CorsOptionsDelegate, which volley does not have:
    // taken as an object it would allow every origin
    accepts: 'an object such as { origin: "https://example.com" } (for a function, use cors.origin), or false',
    type: (v) => isBoolean(v) || isObject(v),
  },
  "cors.origin": CORS_ORIGIN,
  "cors.credentials": BOOLEAN,
  "cors.methods": STRINGS,
  "cors.allowedHeaders": STRINGS,
  "cors.exposedHeaders": STRINGS,
  "cors.maxAge": finiteAtLeastZero("seconds"),
  cookie: BOOLEAN_OR_OBJECT,
  "cookie.name": {
    accepts: 'a non-empty cookie name (printable ASCII, no spaces, ";" or "=")',
    type: isString,
    // the `cookie` package's own rule, checked here instead of at every handshake
    range: (v: string) => /^[\u0021-\u003A\u003C\u003E-\u007E]+$/.test(v),
  },
  "cookie.domain": { accepts: "a string", type: isString },
  "cookie.path": { accepts: "a string or false", type: (v) => isString(v) || v === false },
  "cookie.maxAge": { accepts: "a finite number of seconds", type: isNumber, range: Number.isFinite },
  "cookie.sameSite": {
    accepts: 'true, false, "lax", "strict" or "none"',
    type: (v) => isBoolean(v) || isString(v),
    range: (v: boolean | string) => isBoolean(v) || /^(lax|strict|none)$/i.test(v),
  },
  perMessageDeflate: BOOLEAN_OR_OBJECT,
  httpCompression: BOOLEAN_OR_OBJECT,
  "httpCompression.threshold": finiteAtLeastZero("bytes"),
  generateId: FUNCTION,
  wsEngine: FUNCTION,
  // attach()'s
  path: PATH,
  addTrailingSlash: BOOLEAN,
  destroyUpgrade: BOOLEAN,
  destroyUpgradeTimeout: MILLISECONDS,
};

/** A value as an error message shows it: `"25s" (string)`, `-1 (number)`, `an object`. */
function describe(value: unknown): string {
  if (isString(value)) return `${JSON.stringify(value)} (string)`;
  if (isFunction(value)) return "a function";
  if (Array.isArray(value)) return `an array ${JSON.stringify(value)}`;
  if (value instanceof RegExp) return String(value);
  if (typeof value === "object") return "an object";
  return `${String(value)} (${typeof value})`;
}

/** The value at "a.b" in `opts` when its parent is an object; undefined otherwise. */
function valueAt(opts: object, name: string): unknown {
  let value: unknown = opts;
  for (const key of name.split(".")) value = isObject(value) ? value[key] : undefined;
  return value;
}

/**
 * Throws a TypeError or a RangeError for the first option of `opts` that a
 * rule refuses; returns `opts` otherwise.
 *
 * @example
 * checkOptions({ pingInterval: "25s" }, ENGINE_OPTION_RULES);
 * // TypeError: volley: option "pingInterval" must be a finite number of milliseconds >= 0 (…), got "25s" (string)
 */
export function checkOptions<T extends object>(opts: T, ...tables: OptionRules[]): T {
  for (const rules of tables) {
    for (const name in rules) {
      const value = valueAt(opts, name);
      if (value === undefined || value === null) continue;
      const rule = rules[name]!;
      const wrongType = !rule.type(value);
      if (wrongType || (rule.range && !rule.range(value as never))) {
        const message = `volley: option "${name}" must be ${rule.accepts}, got ${describe(value)}`;
        throw wrongType ? new TypeError(message) : new RangeError(message);
      }
    }
  }
  return opts;
}

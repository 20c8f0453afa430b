/**
 * Input rules of the chat, in one place: every value a browser sends is
 * untrusted, so each one is checked here before the chat touches it.
 *
 * A check never throws: it returns the clean value or a {@link ChatError}
 * the server hands back in the acknowledgement.
 */

/** Stable codes a client can switch on; the message is for people. */
export type ChatErrorCode = "INVALID_NAME" | "INVALID_ROOM" | "INVALID_MESSAGE" | "NOT_IN_ROOM" | "RATE_LIMITED";

/** An error as it travels in an acknowledgement. */
export interface ChatError {
  code: ChatErrorCode;
  message: string;
}

/** The outcome of one check: the clean value, or why it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: ChatError };

export const NAME_MAX = 32;
export const ROOM_MAX = 32;
export const MESSAGE_MAX = 500;
/** Letters, digits, underscore, space and dash: safe to show and to use as a room id. */
const ROOM_PATTERN = /^[\w -]+$/;

function refuse<T>(code: ChatErrorCode, message: string): Checked<T> {
  return { ok: false, error: { code, message } };
}

/** Trims a string, or returns undefined for anything that is not one. */
function trimmed(value: unknown): string | undefined {
  return typeof value === "string" ? value.trim() : undefined;
}

/**
 * A display name: 1 to 32 characters once trimmed.
 *
 * @example
 * checkName("  ada ");  // { ok: true, value: "ada" }
 * checkName("");        // { ok: false, error: { code: "INVALID_NAME", ... } }
 */
export function checkName(value: unknown): Checked<string> {
  const name = trimmed(value);
  if (!name || name.length > NAME_MAX) return refuse("INVALID_NAME", `a name is 1 to ${NAME_MAX} characters`);
  return { ok: true, value: name };
}

/**
 * A room name: 1 to 32 characters of letters, digits, "_", " " or "-".
 *
 * @example
 * checkRoom("general"); // { ok: true, value: "general" }
 * checkRoom("<b>");     // { ok: false, error: { code: "INVALID_ROOM", ... } }
 */
export function checkRoom(value: unknown): Checked<string> {
  const room = trimmed(value);
  if (!room || room.length > ROOM_MAX || !ROOM_PATTERN.test(room)) {
    return refuse("INVALID_ROOM", `a room is 1 to ${ROOM_MAX} letters, digits, spaces, "_" or "-"`);
  }
  return { ok: true, value: room };
}

/**
 * A chat message: 1 to 500 characters once trimmed.
 *
 * @example
 * checkMessage("hello"); // { ok: true, value: "hello" }
 * checkMessage(42);      // { ok: false, error: { code: "INVALID_MESSAGE", ... } }
 */
export function checkMessage(value: unknown): Checked<string> {
  const text = trimmed(value);
  if (!text || text.length > MESSAGE_MAX) return refuse("INVALID_MESSAGE", `a message is 1 to ${MESSAGE_MAX} characters`);
  return { ok: true, value: text };
}

const CLIENT_ID_PATTERN = /^[\w-]{1,64}$/;

/**
 * The id a page gives its message so that a re-send is recognised: absent, or
 * 1 to 64 letters, digits, "_" or "-".
 *
 * @example
 * checkClientId(undefined);   // { ok: true, value: undefined }
 * checkClientId("k3-9f");     // { ok: true, value: "k3-9f" }
 * checkClientId("a b");       // { ok: false, error: { code: "INVALID_MESSAGE", ... } }
 */
export function checkClientId(value: unknown): Checked<string | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  if (typeof value !== "string" || !CLIENT_ID_PATTERN.test(value)) {
    return refuse("INVALID_MESSAGE", 'a message id is 1 to 64 letters, digits, "_" or "-"');
  }
  return { ok: true, value };
}

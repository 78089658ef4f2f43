/**
 * What the service accepts in short human texts that it stores and later prints: key names and sample
 * labels. Both are refused (never silently altered) when they hold a control character or are too
 * long, so what a reader sees is what the sender typed; anything printed to a terminal goes through
 * {@link escapeForTerminal} anyway, for texts stored before these rules.
 * @module
 */

/** Most characters (UTF-16 code units) in a key name. */
export const MAX_NAME_LENGTH = 256;
/** Most characters (UTF-16 code units) in a sample label (`x-label`, after URI decoding). */
export const MAX_LABEL_LENGTH = 256;

/**
 * Control characters (Unicode category Cc: C0, DEL, C1) and the bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), which reorder what a terminal or a listing shows (CVE-2021-42574,
 * "Trojan Source").
 */
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
const CONTROL_GLOBAL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** Why `text` is not acceptable (`"is longer than …"`, `"contains a control character …"`), or null. */
export function textProblem(text: string, maxLength: number): string | null {
  if (text.length > maxLength) return `is longer than ${maxLength} characters`;
  const m = CONTROL.exec(text);
  if (m) return `contains a control character (U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at ${m.index})`;
  return null;
}

/** `text` with every control or bidi character written as `\xHH` / `\u{HHHH}`, safe to print on a terminal. */
export function escapeForTerminal(text: string): string {
  return text.replace(CONTROL_GLOBAL, (c) => {
    const cp = c.codePointAt(0)!;
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
  });
}

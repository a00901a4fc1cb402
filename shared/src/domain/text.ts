/**
 * Free text from citizens and pharmacies (report notes, shortage evidence) ends up on an operator's
 * terminal and in exported files. Control characters there can clear or fake the screen (ESC sequences),
 * move the cursor (BS, CR) or reorder what is shown (bidi overrides), so they are dropped at input and
 * made visible at output.
 */

// C0 controls except tab and line feed, DEL, C1 controls, and the bidi embedding/override/isolate marks
const CONTROL_INPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// at output a line break or tab inside one field is escaped too (a field prints on one line)
const CONTROL_OUTPUT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Drops control characters from typed text; CRLF and lone CR become a line break, tab and line break stay. */
export function stripControlChars(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_INPUT, '');
}

/** Shows control characters as visible escapes (`\x1b`, `\n`, `\u202e`) so a terminal prints rather than obeys them. */
export function escapeControlChars(text: string): string {
  return text.replace(CONTROL_OUTPUT, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A spreadsheet runs a cell that starts with = + - or @ (and some also after a leading tab or CR) as a
 * formula: `=HYPERLINK("http://…","点击")` in a catalog's 产品名称 would become a link in every export.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?%?$/;

/** True when a name starts like a spreadsheet formula (a plain signed number is not one). */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** For CSV/XLSX exports: a leading apostrophe makes a formula-like cell plain text (OWASP CSV injection). */
export function neutralizeFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

// Escaping of user text (run names, labels, descriptions) for the terminal and the HTML/SVG, Markdown and CSV reports.
// Run names come from users and files; nothing they type may become markup or a terminal command, and it stays
// readable as the data it is.

/**
 * Characters that drive a terminal or reorder text: C0 controls (ESC starts ANSI and OSC sequences: a clipboard write,
 * a window title), DEL, C1 controls (U+009B is a one-character CSI) and Unicode's bidirectional formatting characters
 * (the "Trojan Source" overrides, embeddings, isolates and marks).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Each control or bidi character written visibly as \uXXXX, except those in `keep` (say a line break). */
export function escapeControlChars(text: string, keep = ''): string {
  return text.replace(CONTROL_CHARS, (c) =>
    keep.includes(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Text for HTML or SVG element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return escapeControlChars(text, '\n\t')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Text for a Markdown table cell: no pipes or newlines to break the row, no inline HTML, no emphasis. */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdownText(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Text for Markdown prose: backslash-escape the characters that start formatting; entity-escape HTML. */
export function escapeMarkdownText(text: string): string {
  return escapeControlChars(text, '\n\t')
    .replace(/([\\`*_[\]#])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

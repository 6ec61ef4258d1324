// Escaping of user text (run names, labels, descriptions) for the HTML/SVG and Markdown reports.
// Run names come from users and files; nothing they type may become markup.

/** Text for HTML or SVG element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
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
  return text
    .replace(/([\\`*_[\]#])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

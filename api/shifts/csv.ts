/**
 * CSV (RFC 4180) for spreadsheets. A cell is quoted when it holds a comma, a quote or a line
 * break (quotes doubled). A cell a spreadsheet would read as a formula (starting with = + - @,
 * or a tab or carriage return that some strip first) gets a leading apostrophe: a member's
 * display name such as `=HYPERLINK(...)` must stay text in the admin's spreadsheet (OWASP
 * "CSV injection"). Numbers are written as numbers and never start with those characters here.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

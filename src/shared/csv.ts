// CSV for exports that creators open in spreadsheets (RFC 4180: CRLF lines, quoted cells where needed).

/**
 * One cell. A text starting with = + - @ (or a tab or CR) would run as a formula in a spreadsheet ("CSV injection",
 * OWASP): a leading apostrophe keeps it text. A cell with a quote, comma or line break is quoted, its quotes doubled.
 */
function cell(value: string | number | null): string {
  const text = String(value ?? "").replace(/^[=+\-@\t\r]/, "'$&");
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRow = (cells: (string | number | null)[]): string => `${cells.map(cell).join(",")}\r\n`;

/** The rows of a CSV export as DualHub writes it (a BOM, CRLF lines, no quoted commas in the tested cells), split into cells. */
export function csvRows(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

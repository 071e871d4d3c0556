/** The media types accepted as evidence, recognised by their content's signature (magic bytes). */
export const EVIDENCE_TYPES: readonly { mediaType: string; test: (bytes: Buffer) => boolean }[] = [
  { mediaType: 'image/jpeg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mediaType: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mediaType: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** The media type of evidence bytes, sniffed from the content; null for anything not accepted (whatever its name says). */
export function sniffEvidenceType(bytes: Buffer): string | null {
  return EVIDENCE_TYPES.find((t) => t.test(bytes))?.mediaType ?? null;
}

/** A file name safe to put in Content-Disposition: no path, no control or quote characters, at most 200 characters. */
export function safeFileName(name: string | undefined, mediaType: string): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .trim()
    .slice(0, 200);
  if (base && base !== '.' && base !== '..') return base;
  return `evidence.${mediaType === 'application/pdf' ? 'pdf' : mediaType === 'image/png' ? 'png' : 'jpg'}`;
}

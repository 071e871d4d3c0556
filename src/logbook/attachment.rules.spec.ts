import { safeFileName, sniffEvidenceType } from './attachment.rules';

describe('evidence attachment rules', () => {
  test('the type comes from the content, not the name', () => {
    expect(sniffEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffEvidenceType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniffEvidenceType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffEvidenceType(Buffer.from('MZ\x90\x00 an executable named photo.jpg'))).toBeNull();
    expect(sniffEvidenceType(Buffer.from('<svg onload="alert(1)">'))).toBeNull();
    expect(sniffEvidenceType(Buffer.alloc(0))).toBeNull();
  });
  test('file names lose their path and unsafe characters', () => {
    expect(safeFileName('../../etc/passwd', 'application/pdf')).toBe('passwd');
    expect(safeFileName('report "final".pdf', 'application/pdf')).toBe('report _final_.pdf');
    expect(safeFileName(undefined, 'image/png')).toBe('evidence.png');
    expect(safeFileName('..', 'image/jpeg')).toBe('evidence.jpg');
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { attachmentError, namedFile, withAttachmentNames } from './attachment-names';

describe('attachment names in errors (issue 18: an error showed an attachment’s real path)', () => {
  const files = [
    namedFile('/home/ann/.switchboard/attachments/ab12/report.docx'),
    { path: '/home/ann/.switchboard/attachments/ab12', name: 'the attachment folder' },
  ];

  it('replaces every real path with the name the person attached, longest path first', () => {
    expect(
      withAttachmentNames(
        'docx: /home/ann/.switchboard/attachments/ab12/report.docx is not a docx (/home/ann/.switchboard/attachments/ab12/report.docx)',
        files,
      ),
    ).toBe('docx: "report.docx" (attached) is not a docx ("report.docx" (attached))');
    expect(withAttachmentNames('nothing to hide', files)).toBe('nothing to hide');
  });

  it('keeps the code of an AppError and wraps anything else', () => {
    const kept = attachmentError(new AppError('NOT_FOUND', 'ENOENT: /home/ann/.switchboard/attachments/ab12/report.docx'), files);
    expect(kept).toMatchObject({ code: 'NOT_FOUND', message: 'ENOENT: "report.docx" (attached)' });
    expect(attachmentError(new Error('bad /home/ann/.switchboard/attachments/ab12/report.docx'), files)).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'bad "report.docx" (attached)',
    });
  });
});

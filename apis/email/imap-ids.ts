// The light half of IMAP support: recognising account mailboxes and message ids needs no IMAP client, so the
// pack loads imapflow (./imap) only when a program uses an account.

/** A mailbox argument naming the account ("imap" is its INBOX, "imap:Sent" another folder). */
const MAILBOX = /^imap(?::(.+))?$/i;
/** A message id in the account: imap:<folder>/<uid>. */
const MESSAGE = /^imap:(.+)\/(\d{1,10})$/i;

/** The folder an `imap` / `imap:<folder>` mailbox argument names, or undefined for a folder mailbox. */
export function imapFolderOf(mailbox: string): string | undefined {
  const m = MAILBOX.exec(mailbox.trim());
  return m ? m[1]?.trim() || 'INBOX' : undefined;
}

/** The folder and UID of an imap:<folder>/<uid> message id, or undefined for a file path. */
export function imapMessageOf(path: string): { folder: string; uid: number } | undefined {
  const m = MESSAGE.exec(path.trim());
  return m ? { folder: m[1]!, uid: Number(m[2]) } : undefined;
}

export function imapMessageId(folder: string, uid: number): string {
  return `imap:${folder}/${uid}`;
}

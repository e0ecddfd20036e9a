import { definePack } from '../sdk';
import { compose } from './compose';
import { listMessages } from './list-messages';
import { readMessage } from './read-message';
import { reply } from './reply';
import { send } from './send';

export const emailPack = definePack({
  name: 'email',
  version: '1.0.0',
  description:
    "Email as .eml messages (RFC 5322/MIME): list and read a folder mailbox (one folder of .eml files per person, emails/<name>/), read text, HTML tables and attachments, compose drafts, reply, and send, through SMTP when an account is configured or into the recipient's folder of a folder mailbox. Sending asks the person first; drafts and saved attachments are staged.",
  apis: [listMessages, readMessage, compose, reply, send],
});

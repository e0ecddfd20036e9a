import type * as NodemailerModule from 'nodemailer';
import { z } from 'zod';
import { ApiError, errorMessage, type ApiContext } from '../sdk';
import { FOLDER_DOMAIN } from './build';
import { lazyModule } from '../sdk/lazy-module';

// nodemailer: loaded when an API first uses it, not when the pack is listed.
const createTransport = lazyModule<typeof NodemailerModule.createTransport>('nodemailer', (m) => m.createTransport);

/** The SMTP account in settings.json `packs.email.smtp`; its password is the secret `pack.email.smtp.password`. */
export const smtpAccountSchema = z
  .object({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65_535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    user: z.string().min(1).max(320).optional(),
    /** The sender address used when a message names none. */
    from: z.string().min(3).max(320).optional(),
  })
  .strict();
export type SmtpAccount = z.infer<typeof smtpAccountSchema>;

export const SMTP_PASSWORD = 'smtp.password';

/** The configured SMTP account, undefined when none; a malformed one is an error, never ignored. */
export function smtpAccount(ctx: ApiContext): SmtpAccount | undefined {
  const value = ctx.settings?.values.smtp;
  if (value === undefined || value === null) return undefined;
  const parsed = smtpAccountSchema.safeParse(value);
  if (!parsed.success)
    throw new ApiError(
      'INVALID_ARGUMENTS',
      `the email pack's SMTP settings are invalid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); fix settings.json packs.email.smtp`,
    );
  return parsed.data;
}

/** The bare address of "Name <address>" or "address". */
export function bareAddress(value: string): string {
  return (/<([^<>]+)>/.exec(value)?.[1] ?? value).trim();
}

/** Sends raw message bytes through the account; resolves with what the server accepted. */
export async function sendSmtp(
  ctx: ApiContext,
  account: SmtpAccount,
  raw: Buffer,
  from: string,
  recipients: string[],
): Promise<{ accepted: string[]; rejected: string[]; response: string }> {
  const to = recipients.map(bareAddress);
  const fake = to.filter((a) => a.endsWith(`@${FOLDER_DOMAIN}`) || !a.includes('@'));
  if (fake.length > 0)
    throw new ApiError('INVALID_ARGUMENTS', `SMTP needs email addresses; ${fake.join(', ')} ${fake.length === 1 ? 'is a name' : 'are names'}, not an address`);
  const pass = account.user ? await ctx.settings?.secret(SMTP_PASSWORD) : undefined;
  if (account.user && pass === undefined)
    throw new ApiError('PERMISSION_DENIED', `no SMTP password is stored for ${account.user}; store it in the secret store as pack.email.${SMTP_PASSWORD}`);
  const transport = createTransport({
    host: account.host,
    port: account.port,
    secure: account.secure,
    ...(account.user ? { auth: { user: account.user, pass: pass! } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const abort = () => transport.close();
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    const info = await transport.sendMail({ envelope: { from: bareAddress(from), to }, raw });
    return { accepted: info.accepted.map(String), rejected: info.rejected.map(String), response: info.response };
  } catch (error) {
    throw new ApiError('API_ERROR', `the SMTP server ${account.host}:${account.port} did not take the message: ${errorMessage(error)}`);
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    transport.close();
  }
}

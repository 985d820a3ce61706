/**
 * Setting a password through a one-time link (issue #9, point 1): the link a manager passes on
 * opens `GET /set-password?token=…`, a small page in English and French with one form (no script:
 * it works before the console is built and under the strict Content-Security-Policy), which posts
 * to `POST /set-password`. `POST /api/auth/set-password` takes the same as JSON, for a console page.
 *
 * The token never reaches a log: request logs drop query strings (logger.ts) and bodies; the page
 * sends no Referer to another origin (its address holds the token) and nobody may keep a copy of it. Attempts are
 * limited per client address, cluster-wide (AccountService), before anything is looked up.
 */
import { SetPasswordBodySchema, SetPasswordQuerySchema } from '../../../protocol/accounts.js';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import { HTTP_BODY_MAX_BYTES, PASSWORD_MAX, PASSWORD_MIN_LENGTH } from '../../../protocol/limits.js';
import { AppError } from '../../domain/app-error.js';
import { isOriginAllowed } from '../../domain/origin-policy.js';
import type { Services } from '../../services/index.js';
import { pageSecurityHeaders } from '../security-headers.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

/** What the page says after an attempt, in both languages. */
const NOTICES: Partial<Record<ErrorCode, { en: string; fr: string }>> & { done: { en: string; fr: string }; other: { en: string; fr: string } } = {
  done: {
    en: 'Your password is set. You can now sign in to the console.',
    fr: 'Votre mot de passe est créé. Vous pouvez maintenant vous connecter à la console.',
  },
  link_invalid: {
    en: 'This link has expired or was already used. Ask a manager for a new one.',
    fr: 'Ce lien a expiré ou a déjà servi. Demandez-en un nouveau à un gestionnaire.',
  },
  password_too_short: {
    en: `A password needs at least ${PASSWORD_MIN_LENGTH} characters. A few words you will remember make a good one.`,
    fr: `Un mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères. Quelques mots dont vous vous souviendrez font un bon mot de passe.`,
  },
  password_too_long: {
    en: `A password can have at most ${PASSWORD_MAX} characters.`,
    fr: `Un mot de passe peut compter au plus ${PASSWORD_MAX} caractères.`,
  },
  password_common: {
    en: 'This password is too common, or is your email. Choose another.',
    fr: 'Ce mot de passe est trop courant, ou c’est votre courriel. Choisissez-en un autre.',
  },
  rate_limited: {
    en: 'Too many attempts. Wait a minute and try again.',
    fr: 'Trop de tentatives. Attendez une minute et réessayez.',
  },
  other: {
    en: 'The password could not be set. Try again in a moment.',
    fr: 'Le mot de passe n’a pas pu être créé. Réessayez dans un moment.',
  },
};

/**
 * Headers of the page: the strict policy, no framing, no copy kept anywhere, and no Referer to any
 * other origin (its address holds the token). `same-origin` rather than `no-referrer`: with no
 * referrer at all, a browser posts the form with `Origin: null`, which the origin check refuses.
 */
const PAGE_HEADERS = {
  ...pageSecurityHeaders("frame-ancestors 'none'", { inlineStyles: true }),
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

export async function setPasswordRoutes(app: ZodFastifyInstance, { services }: { services: Services }): Promise<void> {
  // The page's form posts as a browser form does; parsed here only (this plugin's scope).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: HTTP_BODY_MAX_BYTES }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // A page of another origin has no business posting a password here.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST' && !isOriginAllowed(request.headers.origin, request.headers.host, [])) {
      throw new AppError('origin_not_allowed', 'Set your password from the link itself.');
    }
  });

  app.get('/set-password', { schema: { querystring: SetPasswordQuerySchema } }, async (request, reply) =>
    reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page({ token: request.query.token ?? '', notice: null })),
  );

  app.post('/set-password', { schema: { body: SetPasswordBodySchema } }, async (request, reply) => {
    const { token, password } = request.body;
    try {
      await services.accounts.setPasswordWithLink(token, password, { address: request.ip });
      request.log.info('password set through a one-time link');
      return reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page({ token: null, notice: { kind: 'done', text: NOTICES.done } }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const text = NOTICES[error.code] ?? NOTICES.other;
      // A used or expired link: the form would not help; otherwise, the form again to correct.
      const status = error.code === 'link_invalid' ? 410 : error.code === 'rate_limited' ? 429 : 400;
      const again = error.code === 'link_invalid' ? null : token;
      return reply.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page({ token: again, notice: { kind: 'error', text } }));
    }
  });

  app.post('/api/auth/set-password', { schema: { body: SetPasswordBodySchema } }, async (request, reply) => {
    const { token, password } = request.body;
    await services.accounts.setPasswordWithLink(token, password, { address: request.ip });
    request.log.info('password set through a one-time link');
    return reply.header('cache-control', 'no-store').status(204).send();
  });
}

interface PageState {
  /** The form's token; null: no form (done, or the link cannot work). */
  token: string | null;
  notice: { kind: 'done' | 'error'; text: { en: string; fr: string } } | null;
}

/** The page, in English then French (one form with both languages' labels). */
function page({ token, notice }: PageState): string {
  const noticeHtml =
    notice === null
      ? ''
      : `<div role="${notice.kind === 'error' ? 'alert' : 'status'}" class="notice ${notice.kind}">
  <p lang="en">${escapeHtml(notice.text.en)}</p>
  <p lang="fr">${escapeHtml(notice.text.fr)}</p>
</div>`;
  const formHtml =
    token === null
      ? `<p><a href="/console" lang="en">Go to the console</a> · <a href="/console" lang="fr">Aller à la console</a></p>`
      : `<form method="post" action="/set-password">
  <input type="hidden" name="token" value="${escapeHtml(token)}">
  <label for="password"><span lang="en">New password</span> / <span lang="fr">Nouveau mot de passe</span></label>
  <p id="password-hint"><span lang="en">At least ${PASSWORD_MIN_LENGTH} characters; not a common password.</span>
  <span lang="fr">Au moins ${PASSWORD_MIN_LENGTH} caractères; pas un mot de passe courant.</span></p>
  <input id="password" name="password" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN_LENGTH}" maxlength="${PASSWORD_MAX}" aria-describedby="password-hint">
  <button type="submit"><span lang="en">Set password</span> / <span lang="fr">Créer le mot de passe</span></button>
</form>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
<title>Set your password / Créez votre mot de passe</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
  label, input, button { display: block; font-size: 1rem; }
  input { width: 100%; padding: .5rem; margin: .25rem 0 1rem; border: 2px solid #555; border-radius: 4px; box-sizing: border-box; }
  button { padding: .6rem 1rem; background: #26374a; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  :focus-visible { outline: 3px solid #0535d2; outline-offset: 2px; }
  .notice { padding: .5rem 1rem; border-left: 6px solid; margin-bottom: 1rem; }
  .notice.error { border-color: #d3080c; background: #f3e9e8; }
  .notice.done { border-color: #278400; background: #e6f2e6; }
</style>
</head>
<body>
<main>
<h1><span lang="en">Set your password</span> / <span lang="fr">Créez votre mot de passe</span></h1>
${noticeHtml}
${formHtml}
</main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

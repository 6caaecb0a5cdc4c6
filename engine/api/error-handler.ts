import type { FastifyError, FastifyInstance } from 'fastify';
import { AgoraError, ERRORS, formatMessage, type ErrorCode, type ErrorDetail } from '../errors.js';

function body(code: ErrorCode, message: string, details?: unknown[]) {
  return { error: { code, message, ...(details && details.length ? { details } : {}) } };
}

/** English for people whose browser (or the UI's language switch) asks for it first; German otherwise. */
export function preferredLanguage(header: string | string[] | undefined): 'de' | 'en' {
  const first = (Array.isArray(header) ? header[0] : header ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'de';
}

/** Details that carry `text: { de, en }` get their `message` in the person's language. */
function localize(details: ErrorDetail[] | undefined, header: string | string[] | undefined): ErrorDetail[] | undefined {
  if (!details?.some((d) => d.text)) return details;
  const lang = preferredLanguage(header);
  return details.map(({ text, ...d }) => (text ? { ...d, message: (lang === 'en' ? text.en : undefined) || text.de } : d));
}

/**
 * The one error handler: catalogue errors keep their code and status,
 * fastify's own errors are mapped to catalogue codes, anything else becomes
 * INTERNAL, is logged (without request bodies) and never echoed.
 */
export function installErrorHandler(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError | AgoraError | Error, request, reply) => {
    if (error instanceof AgoraError) {
      // A catalogued failure on our side (a data key that does not fit) is the operator's to see; its message names no person.
      if (error.status >= 500) request.log.error({ code: error.code }, error.message);
      if ('retryAfterSeconds' in error) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(error.status).send(body(error.code, error.message, localize(error.details, request.headers['accept-language'])));
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      const details = fe.validation.map((v) => ({
        path: `${fe.validationContext ?? ''}${v.instancePath || ''}${v.keyword === 'required' ? `/${String((v.params as any).missingProperty)}` : ''}`,
        message: v.message ?? 'invalid',
      }));
      return reply.status(400).send(body('VALIDATION_FAILED', ERRORS.VALIDATION_FAILED.message, details));
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(body('BODY_TOO_LARGE', formatMessage(ERRORS.BODY_TOO_LARGE.message, { limit: bodyLimit })));
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE', ERRORS.UNSUPPORTED_MEDIA_TYPE.message));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Malformed JSON, forbidden __proto__ keys, empty bodies: fastify's parser says why, without echoing data.
      const reason = fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'the JSON body is empty' : fe.message.replace(/\s+/g, ' ').slice(0, 200);
      return reply.status(400).send(body('BAD_REQUEST', formatMessage(ERRORS.BAD_REQUEST.message, { reason })));
    }
    request.log.error({ err: { message: error.message, stack: error.stack, code: fe.code } }, 'request failed');
    return reply.status(500).send(body('INTERNAL', ERRORS.INTERNAL.message));
  });
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../errors.ts';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
  requestId: string;
}

/** Seconds a client is asked to wait when the database is away (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

// Socket errors of a connection to the database that cannot be made or was cut.
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
const PG_AWAY = new Set(['57P01', '57P02', '57P03', '53300']);
// node-postgres and its pool when a connection ends or cannot be had.
const PG_CLIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Connection ended unexpectedly/i;

/**
 * True when an error means the database cannot be reached right now (stopped, restarting, out of
 * connections, network cut) rather than that the request is wrong. Looks through `cause` and the
 * `errors` of an AggregateError (Node tries every address of `localhost`).
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (NET_CODES.has(code) || PG_AWAY.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && PG_CLIENT_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

const PG_UNIQUE = '23505';
const PG_FOREIGN_KEY = '23503';
/** character_not_in_repertoire (NUL in text) and untranslatable_character (\u0000 in jsonb). */
const PG_BAD_CHARACTER = new Set(['22021', '22P05']);

/** Fastify's and its plugins' request errors, in Chinese and naming what was wrong. */
const REQUEST_ERRORS: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体：声明为 JSON（Content-Type: application/json）时不能为空',
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体：不是有效的 JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求体：长度与 Content-Length 不符',
  FST_ERR_CTP_EMPTY_TYPE: '请求头 Content-Type：不能为空',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '请求头 Content-Type：不支持的请求内容类型',
  FST_ERR_BAD_URL: '请求地址：含有无效的编码',
  FST_INVALID_MULTIPART_CONTENT_TYPE: '请求体：请以 multipart/form-data 方式上传（字段 file）',
  FST_INVALID_JSON_FIELD_ERROR: '请求体：声明为 JSON 的字段不是有效的 JSON',
  FST_PROTO_VIOLATION: '请求体：字段名不能是 __proto__',
  FST_MP_PREMATURE_CLOSE: '请求体：上传未完成，连接已中断',
};

/** Maps every thrown error once to `{ error: { code, message, details }, requestId }`. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { code?: string }, request, reply) => {
    const send = (status: number, code: ErrorCode, message: string, details?: unknown) =>
      reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) }, requestId: request.id } satisfies ErrorBody);

    if (err instanceof AppError) return send(err.status, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => {
        const field = [v.instancePath.replace(/^\//, '').replace(/\//g, '.')].filter(Boolean).join('') || (v.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.') || '';
        return { field, message: v.message ?? '无效' };
      });
      const first = details[0];
      const where = err.validationContext === 'querystring' ? '查询参数' : err.validationContext === 'params' ? '路径参数' : '';
      // The whole part is wrong (a body missing, or an array where an object belongs).
      const whole = err.validationContext === 'body' ? '请求体' : where || '请求';
      if (first && !first.field && err.validationContext === 'body' && err.validation[0]?.keyword === 'invalid_type') first.message = request.body == null ? '不能为空，应为 JSON 对象' : '应为 JSON 对象';
      return send(400, 'VALIDATION', first ? `${first.field ? `${where}字段 ${first.field}` : whole}：${first.message}` : '请求数据无效', details);
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return send(500, 'INTERNAL', `服务器内部错误，请稍后再试（请求编号 ${request.id}）`);
    }
    if (err.code === PG_UNIQUE) return send(409, 'CONFLICT', '记录已存在（与已有数据重复）', { constraint: (err as { constraint?: string }).constraint });
    if (err.code === PG_FOREIGN_KEY) return send(409, 'CONFLICT', '关联的记录不存在或仍被引用', { constraint: (err as { constraint?: string }).constraint });
    if (err.code && PG_BAD_CHARACTER.has(err.code)) return send(400, 'VALIDATION', '提交的文字含有无法保存的字符（如 U+0000），请删除后重试');
    if (err.code && REQUEST_ERRORS[err.code] && err.statusCode && err.statusCode < 500) return send(err.statusCode, 'VALIDATION', REQUEST_ERRORS[err.code]!);
    if (err.statusCode === 429) return send(429, 'RATE_LIMITED', '请求过于频繁，请稍后再试');
    if (err.statusCode === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_FILES_LIMIT') return send(413, 'PAYLOAD_TOO_LARGE', '上传的文件或请求过大');
    if (err.statusCode === 415) return send(415 as 400, 'VALIDATION', '不支持的请求内容类型');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(err.statusCode, err.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION', err.statusCode === 404 ? '请求的地址不存在' : '请求无效', { reason: err.message });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err: { code: err.code, message: err.message } }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return send(503, 'UNAVAILABLE', '系统繁忙，请稍后重试（数据库暂时无法连接）');
    }
    request.log.error({ err }, 'unhandled error');
    return send(500, 'INTERNAL', `服务器内部错误，请稍后再试（请求编号 ${request.id}）`);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: '请求的地址不存在' }, requestId: request.id } satisfies ErrorBody);
  });
}

import { LIMITS, forbiddenControl, stripInvisible } from '@luoshi/shared';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

const inYears = (year: number) => year >= LIMITS.dateYearMin && year <= LIMITS.dateYearMax;

/**
 * A calendar date 'YYYY-MM-DD' in the years people plan in (LIMITS.dateYearMin–dateYearMax):
 * every date a route accepts is one of these, so a typing slip like 0050 is a 400 naming its field.
 */
export const isoDate = (message = '日期格式应为 YYYY-MM-DD') =>
  z.iso.date(message).refine((d) => {
    // A string that is no date at all has its format issue already.
    const year = /^\d{4}-/.test(d) ? Number(d.slice(0, 4)) : NaN;
    return Number.isNaN(year) || inYears(year);
  }, `日期应在 ${LIMITS.dateYearMin} 年至 ${LIMITS.dateYearMax} 年之间`);

/** A point in time (ISO 8601 with offset) or a date, in the same years as isoDate. */
export const isoDateOrTime = () =>
  z.iso.datetime({ offset: true, error: '时间格式应为 YYYY-MM-DD 或 ISO 8601' }).or(z.iso.date()).refine((d) => {
    const year = new Date(d).getUTCFullYear();
    return Number.isNaN(year) || inYears(year);
  }, `时间应在 ${LIMITS.dateYearMin} 年至 ${LIMITS.dateYearMax} 年之间`);

/** Names of fields whose text is a secret, kept exactly as typed (never stripped). */
const SECRET = /password/i;

export interface InputProblem {
  path: (string | number)[];
  message: string;
}

/**
 * One request part (body, query string or path) as it goes to its schema: every string, at any
 * depth and in free-form fields too, is refused when it holds a control character other than tab,
 * line feed and carriage return (the first such field is the problem), and loses its bidirectional
 * overrides and zero-width characters (secrets excepted). Object keys are checked, not changed.
 */
export function cleanInput(value: unknown, path: (string | number)[] = [], secret = false): { value: unknown; problem?: InputProblem } {
  if (typeof value === 'string') {
    const bad = forbiddenControl(value);
    if (bad) return { value, problem: { path, message: `不能包含控制字符（${bad}）` } };
    return { value: secret ? value : stripInvisible(value) };
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [i, item] of value.entries()) {
      const r = cleanInput(item, [...path, i], secret);
      if (r.problem) return r;
      out.push(r.value);
    }
    return { value: out };
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const badKey = forbiddenControl(key);
      if (badKey) return { value, problem: { path, message: `字段名不能包含控制字符（${badKey}）` } };
      const r = cleanInput(item, [...path, key], secret || SECRET.test(key));
      if (r.problem) return r;
      out[key] = r.value;
    }
    return { value: out };
  }
  return { value };
}

// fastify-type-provider-zod recognises its validation errors by this symbol; the error handler
// then names the field the same way for these problems as for the schema's own.
const ZOD_VALIDATION_ERROR = Symbol.for('ZodFastifySchemaValidationError');

/**
 * The validator compiler of every route: cleanInput, then the route's zod schema. A missing
 * body reaches the schema as undefined (Fastify hands over null), so an optional body may be left
 * out and a required one is named 请求体.
 */
export const inputValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = validatorCompiler(route);
  const part = route.httpPart;
  if (part !== 'body' && part !== 'querystring' && part !== 'params') return validate;
  return (data) => {
    const cleaned = cleanInput(part === 'body' && data === null ? undefined : data);
    if (cleaned.problem) {
      const { path, message } = cleaned.problem;
      const instancePath = `/${path.join('/')}`;
      return { error: [{ [ZOD_VALIDATION_ERROR]: true, keyword: 'custom', instancePath, schemaPath: `#${instancePath}/custom`, message, params: { issue: { path } } }] as never };
    }
    return validate(cleaned.value);
  };
};

const TYPE_NAMES: Record<string, string> = { string: '文字', number: '数字', int: '整数', boolean: 'true 或 false', array: '数组', object: 'JSON 对象', date: '日期', null: 'null' };
const FORMAT_NAMES: Record<string, string> = { uuid: '无效的编号', guid: '无效的编号', date: '日期格式应为 YYYY-MM-DD', datetime: '时间格式应为 ISO 8601（如 2026-03-02T08:00:00+08:00）', email: '邮箱格式不正确', url: '网址格式不正确', regex: '格式不正确' };

/**
 * Chinese messages for the issues zod's zh-CN locale leaves half English ("期望 string <=3 字符");
 * a schema's own message still comes first. Undefined falls back to the locale.
 */
export const chineseIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '不能为空';
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`.replace(/为(?=[A-Za-z])/, '为 ');
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过 ${max} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      return issue.inclusive === false ? `应小于 ${max}` : `不能大于 ${max}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少 ${min} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少 ${min} 项`;
      return issue.inclusive === false ? `应大于 ${min}` : `不能小于 ${min}`;
    }
    case 'invalid_format':
      return FORMAT_NAMES[issue.format];
    case 'invalid_value':
      return `应为以下之一：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    default:
      return undefined;
  }
};

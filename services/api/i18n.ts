import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Lang } from '../../pipelines/contracts/lang.js'
import type { Problem, Said } from '../lib/errors.js'

/*
 * The workspace API answers people in their language: Chinese first, English for whoever asks for it
 * (Accept-Language; the web UI sends the language the user picked). Code, tests and logs see the English.
 */

export type { Said }

/** Accept-Language `zh…` first → Chinese; anything else (or none) → English, for scripts and logs. */
export function langOf(request: FastifyRequest): Lang {
  return request.headers['accept-language']?.trim().toLowerCase().startsWith('zh') ? 'zh' : 'en'
}

// Messages fixed when the code loads (a schema's own message) are written in English where they are defined, with
// their Chinese beside them through say(); the error handler looks the English up here.
const CHINESE = new Map<string, string>()

/** A fixed message, English in code and logs, Chinese to a Chinese reader. */
export function say(zh: string, en: string): string {
  CHINESE.set(en, zh)
  return en
}

export function inLang(message: string | Said, lang: Lang): string {
  if (typeof message !== 'string') return message[lang]
  return lang === 'zh' ? (CHINESE.get(message) ?? message) : message
}

export function problemsInLang(problems: ReadonlyArray<Problem>, lang: Lang): Array<{ path: string; message: string }> {
  return problems.map((p) => ({ path: p.path, message: inLang(p.message, lang) }))
}

const TYPE_ZH: Record<string, string> = { string: '文字', number: '数字', int: '整数', boolean: '是或否', array: '列表', object: '对象', date: '日期' }

/**
 * A schema violation (as fastify-type-provider-zod reports it) for a Chinese reader: in words a user understands,
 * without zod's developer wording. A schema's own message is looked up in the say() table.
 */
export function zodMessageZh(v: { keyword: string; message?: string; params: Record<string, unknown> }): string {
  const message = v.message ?? ''
  const own = CHINESE.get(message)
  if (own !== undefined) return own
  const p = v.params
  const size = (limit: unknown) => {
    const origin = String(p.origin ?? '')
    if (origin === 'string') return `${limit} 个字符`
    if (origin === 'array' || origin === 'set') return `${limit} 项`
    return String(limit)
  }
  switch (v.keyword) {
    case 'invalid_type':
      return message.endsWith('received undefined') ? '必填' : `应为${TYPE_ZH[String(p.expected)] ?? String(p.expected)}`
    case 'invalid_value':
      return `应为以下之一：${(p.values as unknown[] | undefined)?.map((x) => String(x)).join('、') ?? ''}`
    case 'too_small':
      return String(p.origin) === 'string' && p.minimum === 1 ? '不能为空' : `${p.inclusive === false ? '应大于' : '至少'} ${size(p.minimum)}`
    case 'too_big':
      return `${p.inclusive === false ? '应小于' : '最多'} ${size(p.maximum)}`
    case 'invalid_format':
      return p.format === 'uuid' ? '编号格式不对' : p.format === 'date' ? '应为日期（YYYY-MM-DD）' : p.format === 'datetime' ? '应为带时区的时间' : '格式不对'
    case 'unrecognized_keys':
      return `不认识的字段：${(p.keys as unknown[] | undefined)?.join('、') ?? ''}`
    case 'not_multiple_of':
      return `应为 ${String(p.divisor)} 的倍数`
    default: {
      const zh = z.locales.zhCN().localeError({ code: v.keyword, ...p, message } as never)
      return typeof zh === 'string' ? zh : (zh?.message ?? message)
    }
  }
}

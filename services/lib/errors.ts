import type { InputProblem } from '../../pipelines/contracts/validate.js'

/**
 * Something the user can fix (a bad option, a broken ruleset file, a wrong setting, a data directory in use): the
 * message alone says what and where, so it is shown without a stack trace. Any other error is a bug.
 */
export class UserError extends Error {}

/** A message for people in both of the workspace's languages (Chinese first). */
export interface Said {
  zh: string
  en: string
}

export interface Problem {
  path: string
  message: string | Said
}

/**
 * An HTTP answer other than success, with what was wrong where; the services' error handlers send it as is. The
 * workspace API answers in the caller's language when the message is `Said`; `message` is the English.
 */
export class HttpProblem extends Error {
  readonly said: Said | undefined
  constructor(
    readonly statusCode: number,
    message: string | Said,
    readonly problems: ReadonlyArray<InputProblem | Problem> = [],
  ) {
    super(typeof message === 'string' ? message : message.en)
    this.said = typeof message === 'string' ? undefined : message
  }
}

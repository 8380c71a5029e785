import type { InputProblem } from '../../pipelines/contracts/validate.js'

/**
 * Something the user can fix (a bad option, a broken ruleset file, a wrong setting, a data directory in use): the
 * message alone says what and where, so it is shown without a stack trace. Any other error is a bug.
 */
export class UserError extends Error {}

/** An HTTP answer other than success, with what was wrong where; the services' error handlers send it as is. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly problems: InputProblem[] = [],
  ) {
    super(message)
  }
}

/**
 * Something the user can fix (a bad option, a broken ruleset file, a wrong setting, a data directory in use): the
 * message alone says what and where, so it is shown without a stack trace. Any other error is a bug.
 */
export class UserError extends Error {}

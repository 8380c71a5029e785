/** The languages of user-facing text: Chinese first, English available. */
export type Lang = 'zh' | 'en'

/**
 * Every sentence the adapter shows a visitor, in English: the catalog's keys and its fallback. A `{name}` is
 * filled in by `Phrasebook.say` (phrasebook.ts). Other languages sit beside this file, one per locale.
 */
export const en = {
  /** Starting a chat: the middleware did not answer at all. */
  startUnreachable: 'We could not reach the support service. Please check your connection and try again.',
  /** Starting a chat: the visitor's identity was refused. */
  startUnauthorized: 'We could not confirm who you are. Please reload the page and try again.',
  /** Starting a chat: the middleware's rate limit. */
  startBusy: 'Too many people are asking for an agent right now. Please try again in a minute.',
  /** Starting a chat: the middleware answered 5xx. */
  startUnavailable: 'The support service is not available right now. Please try again in a few minutes.',
  /** Starting a chat: any other refusal by the middleware. */
  startRefused: 'We could not start a chat with an agent. Please try again later.',
  /** Starting a chat: the chat SDK or its chunk failed. */
  startFailed: 'We could not open the chat with an agent. Please check your connection and try again.',
  /** No agent yet, and the connection did not come back in time (shown as a connecting error). */
  lostWaiting: 'We lost the connection to the support service while you were waiting for an agent. Please ask for an agent again.',
  /** The service no longer knows the chat or the session: it restarted. */
  lostRestarted: 'The chat ended because the support service restarted. You can ask for an agent again.',
  /** The session token expired (it lasts a day by default). */
  lostExpired: 'The chat ended because it was open for too long. You can ask for an agent again.',
  /** Flex gave the chat up: no agent accepted it before its workflow timed out, or routing failed. */
  lostNoAgent: "We couldn't reach an agent right now. Please try again later.",
  /** Outside opening hours; `{day}` and `{time}` of the next opening, in `{zone}` (its short name). */
  closed: "We're closed now. We open {day} at {time} ({zone}).",
  /** Outside opening hours, with no opening in the schedule's horizon. */
  closedNoOpening: "We're closed now. Please try again later.",
  /** The `{day}` of `closed` when it is a weekday within six days (`{weekday}`: "Monday"). */
  openingWeekday: '{weekday}',
  /** The `{day}` of `closed` when it is further away (`{date}`: "11 December"). */
  openingDate: 'on {date}',
  /** Files are off in this chat (no `fileUpload` option). */
  fileUploadOff: 'Sending files is not available in this chat.',
  /** A 0-byte file. */
  fileEmpty: 'This file is empty (0 bytes), so there is nothing to send. Please choose another file.',
  /** Over `fileUpload.maxBytes`; `{size}` and `{limit}` already formatted. */
  fileTooLarge: 'This file is too large ({size}). The limit is {limit}.',
  /** Not one of `fileUpload.accept`. */
  fileType: 'This type of file cannot be sent. Allowed: {accept}.',
  /** The upload failed for another reason. */
  fileFailed: 'The file could not be sent. Please try again.',
  /** A file size under 1 KB; `{count}` already formatted in the locale ("1,000,001"). */
  sizeBytes: '{count} bytes',
  /** A file size in kilobytes (1 KB = 1,000 bytes). */
  sizeKilobytes: '{count} KB',
  /** A file size in megabytes (1 MB = 1,000,000 bytes). */
  sizeMegabytes: '{count} MB',
  /** After an agent chat ended: the question of the post-chat survey. */
  ratingPrompt: 'How was your chat with {agent}? Rate it from 1 (poor) to 5 (excellent).',
  /** After a rating: the optional comment. */
  ratingCommentPrompt: 'Thank you! Anything you would like to add? Type it below, or choose Skip.',
  /** The button that skips the comment. */
  ratingSkip: 'Skip',
  /** The survey is done. */
  ratingThanks: 'Thank you for your feedback.',
  /** The rating could not be stored. */
  ratingFailed: 'We could not save your rating. Thank you all the same.',
  /** The agent's name when their Flex user has none (never their raw identity). */
  agentFallbackName: 'Agent',
  /** An agent's file, as a link, where a host cannot show it inline. */
  agentFile: 'File from the agent: {name}',
} as const

/** The name of one sentence of the catalog. */
export type MessageKey = keyof typeof en

/** One language's sentences: every key, each a template with `{name}` placeholders. */
export type Catalog = Record<MessageKey, string>

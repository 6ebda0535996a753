/** Naming what the account has, for the `found:` line of a failed check. */

/** How many candidates a `found:` line names before "and N more". */
const SHOWN = 10

/** Most lists doctor reads are short (services, workspaces, queues); a page of this many is plenty to pick from. */
export const LIST_LIMIT = 200

/**
 * A SID with its friendly name, as the lines show resources.
 *
 * @example
 * named('WS…', 'Flex Task Assignment') // "WS… 'Flex Task Assignment'"
 */
export function named(sid: string, friendlyName: string | null | undefined): string {
  return friendlyName ? `${sid} '${friendlyName}'` : sid
}

export interface Candidate {
  sid: string
  friendlyName?: string | null | undefined
  /** Marks such as "Flex" or "default"; false and undefined are left out. */
  tags?: (string | false | undefined)[]
}

/**
 * "this account has 2 Conversations services: IS… 'Flex Chat Service' (Flex, default), IS… 'Old'".
 *
 * @example
 * listing('this account', ['workspace', 'workspaces'], [{ sid: 'WS…', friendlyName: 'Flex Task Assignment', tags: ['Flex'] }])
 */
export function listing(owner: string, [one, many]: [string, string], items: readonly Candidate[]): string {
  if (items.length === 0) return `${owner} has no ${many}`
  const shown = items.slice(0, SHOWN).map((item) => {
    const tags = (item.tags ?? []).filter((tag): tag is string => typeof tag === 'string' && tag !== '')
    return named(item.sid, item.friendlyName) + (tags.length > 0 ? ` (${tags.join(', ')})` : '')
  })
  const more = items.length > SHOWN ? `, and ${items.length - SHOWN} more` : ''
  return `${owner} has ${items.length} ${items.length === 1 ? one : many}: ${shown.join(', ')}${more}`
}

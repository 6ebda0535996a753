/**
 * Issue 14, "the Flex side gives up cleanly": when no agent accepts the chat before Flex stops trying (the
 * workflow timed out, TaskRouter canceled the task), the visitor is told so in words, at once, instead of
 * waiting for ever; nothing is ended on Flex again, and a new request works on the same desk.
 */

import { describe, expect, it } from 'vitest'
import { startedKitDesk, useDeskKits } from '../../test/desk-kits.js'
import { connectMessage } from '../../test/harness.js'
import { carbonHost, v7Host, v8Host } from '../../test/hosts.js'
import { useFakeMiddleware } from '../../test/middleware.js'
import { en } from '../i18n/en.js'

const middleware = useFakeMiddleware()
const { kits } = useDeskKits(middleware)
const hosts = [
  ['carbon', carbonHost],
  ['v8', v8Host],
  ['v7', v7Host],
] as const

describe.each(kits)('Flex gives the chat up, on the $name transport', (kit) => {
  it.each(hosts)('%s host: the visitor reads that no agent could be reached, and can ask again', async (_name, makeHost) => {
    const kitDesk = await startedKitDesk(kit, makeHost())
    await kitDesk.flexGivesUp()
    expect(kitDesk.host.argsOf('setErrorStatus')).toEqual([[{ type: 1, messageToUser: en.lostNoAgent, logInfo: undefined }]])
    // Not an agent's doing: no "<agent> ended the chat".
    expect(kitDesk.host.names()).not.toContain('agentEndedChat')
    expect(kitDesk.shutDown()).toBe(true)
    // Flex closed it already.
    expect(middleware.of('end')).toHaveLength(0)

    await kitDesk.desk.startChat(connectMessage, {})
    await kitDesk.agentJoins()
    expect(kitDesk.host.argsOf('agentJoined')).toHaveLength(1)
    await kitDesk.desk.endChat({})
  })
})

it('says it in plain words', () => {
  expect(en.lostNoAgent).toBe("We couldn't reach an agent right now. Please try again later.")
})

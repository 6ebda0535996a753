// Carbon's server entry holds its English language pack and loads in Node (the main entry needs a browser).
import { enLanguagePack } from '@carbon/ai-chat/server'
import { describe, expect, it } from 'vitest'
import { CARBON_STRINGS, carbonStringsFor } from './carbon-strings.js'

/**
 * The ICU arguments of a message (`personName`, `time, plural`), in order of the text: braces at an even
 * depth open an argument, at an odd depth a plural branch, whose words are the translation's own.
 */
function icuArguments(message: string): string[] {
  const found: string[] = []
  let depth = 0
  for (let index = 0; index < message.length; index++) {
    if (message[index] === '{') {
      if (depth % 2 === 0) {
        const match = /^\{\s*(\w+)\s*(?:,\s*(\w+))?/.exec(message.slice(index))
        found.push(match ? [match[1], match[2]].filter(Boolean).join(', ') : `unnamed at ${index}`)
      }
      depth++
    } else if (message[index] === '}') depth--
    if (depth < 0) throw new Error(`Failed to read "${message}": a } closes nothing at ${index}. Please balance its braces.`)
  }
  if (depth !== 0) throw new Error(`Failed to read "${message}": ${depth} brace(s) left open. Please balance its braces.`)
  return found.sort()
}

const tagsOf = (message: string) => message.match(/<\/?\w+>/g) ?? []

describe('the Carbon strings', () => {
  const english = enLanguagePack as Readonly<Record<string, string>>

  it.each(Object.entries(CARBON_STRINGS))('%s keeps the arguments and tags of each of Carbon’s English texts', (_tag, strings) => {
    for (const [key, text] of Object.entries(strings)) {
      const source = english[key]
      expect(source, key).toBeTypeOf('string')
      expect({ key, arguments: icuArguments(text ?? '') }).toEqual({ key, arguments: icuArguments(source ?? '') })
      expect({ key, tags: tagsOf(text ?? '') }).toEqual({ key, tags: tagsOf(source ?? '') })
      expect(text?.trim(), key).not.toBe('')
    }
  })

  it('translates the same texts in every language, the agent chat’s among them', () => {
    const keys = Object.values(CARBON_STRINGS).map((strings) => Object.keys(strings).sort())
    for (const other of keys.slice(1)) expect(other).toEqual(keys[0])
    expect(keys[0]).toEqual(
      expect.arrayContaining([
        'agent_connecting',
        'agent_connectingQueue',
        'agent_agentJoinedName',
        'agent_agentEndedChat',
        'agent_endChat',
      ]),
    )
    expect(keys[0]?.filter((key) => key.startsWith('agent_')).length).toBeGreaterThanOrEqual(40)
  })

  it('picks the translation by tag or language, and none for English or a language it lacks', () => {
    expect(carbonStringsFor('es-ES').agent_agentJoinedName).toBe('{personName} se ha conectado.')
    expect(carbonStringsFor('pt-PT').agent_agentEndedChat).toBe('{personName} encerrou a conversa.')
    expect(carbonStringsFor('de').agent_connectButtonCancel).toBe('Abbrechen')
    expect(carbonStringsFor('en-GB')).toEqual({})
    expect(carbonStringsFor('ja')).toEqual({})
  })

  it('reads plural branches as the translation’s own words, and refuses unbalanced braces', () => {
    expect(icuArguments('Es el número <b>{position, number}</b> de la cola.')).toEqual(['position, number'])
    expect(icuArguments('{time, number} {time, plural, one {minuto} other {minutos}}')).toEqual(['time, number', 'time, plural'])
    expect(() => icuArguments('{personName se ha conectado.')).toThrow(/left open/)
  })
})

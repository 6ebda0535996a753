/**
 * Compile-time and run-time proof that the adapter fits `@carbon/ai-chat`'s own types: if Carbon changes its
 * ServiceDesk contract, `tsc --noEmit` (part of `npm test`) fails here.
 */
import type {
  AgentAvailability,
  ErrorType as CarbonErrorType,
  PublicConfig,
  ServiceDesk,
  ServiceDeskFactoryParameters,
} from '@carbon/ai-chat'
import { describe, expect, it } from 'vitest'
import { carbonHost } from '../../test/hosts.js'
import { createTwilioFlexServiceDesk, ErrorType, type HostAgentAvailability } from '../index.js'

const carbonFactory: NonNullable<PublicConfig['serviceDeskFactory']> = createTwilioFlexServiceDesk({
  middlewareUrl: 'https://support.example.test',
})

// Our error codes are Carbon's enum values.
const connecting: CarbonErrorType.CONNECTING = ErrorType.CONNECTING
const disconnected: CarbonErrorType.DISCONNECTED = ErrorType.DISCONNECTED
const userMessage: CarbonErrorType.USER_MESSAGE = ErrorType.USER_MESSAGE
// What we send as availability is a valid Carbon AgentAvailability.
const ours: HostAgentAvailability = { positionInQueue: 1, estimated_wait_time: 2 }
const availability: AgentAvailability = ours

describe('@carbon/ai-chat contract', () => {
  it('builds a ServiceDesk from Carbon factory parameters', async () => {
    const parameters = { callback: carbonHost().callback, instance: undefined, persistedState: undefined }
    const desk: ServiceDesk = await carbonFactory(parameters as unknown as ServiceDeskFactoryParameters)
    expect(desk.getName?.()).toBeTypeOf('string')
    for (const method of [
      'startChat',
      'endChat',
      'sendMessageToAgent',
      'userTyping',
      'userReadMessages',
      'areAnyAgentsOnline',
      'filesSelectedForUpload',
      'reconnect',
    ] as const) {
      expect(desk[method], method).toBeTypeOf('function')
    }
  })

  it("uses Carbon's error numbers and availability fields", () => {
    expect([connecting, disconnected, userMessage]).toEqual([1, 2, 3])
    expect(availability).toEqual({ positionInQueue: 1, estimated_wait_time: 2 })
  })
})

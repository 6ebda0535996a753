/**
 * What the bench's Twilio fake (`paths.twilioHttpsServer`, from packages/auth-middleware/bench/twilio-https-server.ts)
 * sends over IPC, typed from its source without needing the compiled output.
 */
export type { TraceCall, TwilioFakeMessage, TwilioFakeSample } from '../../packages/auth-middleware/bench/twilio-https-server.js'

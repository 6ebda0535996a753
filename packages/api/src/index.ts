export * from './assistant.js'
export * from './sandbox.js'
export * from './schemas.js'
export * from './transcript.js'

export * from './schemas.js'
export * from './sandbox.js'
export * from './transcript.js'
export * from './assistant.js'

export * from './schemas.js'
export * from './transcript.js'

import type { SendResult, WireUpload } from '@flex-escalate/api'
import { MAX_MEDIA_NAME_LENGTH } from '@flex-escalate/api/limits'
import type { AgentClient } from '@flex-escalate/servicedesk-twilio/sandbox'

/**
 * A file as the `upload` request carries it: a base64 `data:` URL (the sandbox has no media service).
 *
 * @example
 * await uploadOf(new File(['hi'], 'a.txt', { type: 'text/plain' }))
 * // { filename: 'a.txt', contentType: 'text/plain', dataUrl: 'data:text/plain;base64,aGk=' }
 */
export async function uploadOf(file: File): Promise<WireUpload> {
  const contentType = (file.type || 'application/octet-stream').slice(0, MAX_MEDIA_NAME_LENGTH)
  const bytes = new Uint8Array(await file.arrayBuffer())
  // btoa takes a "binary string"; built in slices because spreading a whole file overflows the call stack.
  let binary = ''
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000))
  return {
    filename: (file.name || 'file').slice(0, MAX_MEDIA_NAME_LENGTH),
    contentType,
    dataUrl: `data:${contentType};base64,${btoa(binary)}`,
  }
}

/**
 * Sends the agent's message: each file uploaded in a frame of its own, then the text naming them, as one
 * message (as Twilio takes media before the message that carries it). Rejects with the sandbox's refusal,
 * worded for the agent, when a file or the message is refused; nothing is sent then.
 *
 * @example
 * await sendMessage(client.request.bind(client), chat.chatSid, 'Your invoice', [pdf]) // { index: 7 }
 */
export async function sendMessage(
  request: AgentClient['request'],
  chatSid: string,
  body: string,
  files: readonly File[],
): Promise<SendResult> {
  const media: string[] = []
  for (const file of files) {
    const { sid } = await request({ type: 'upload', chatSid, file: await uploadOf(file) })
    media.push(sid)
  }
  return request({ type: 'send', chatSid, body, ...(media.length > 0 && { media }) })
}

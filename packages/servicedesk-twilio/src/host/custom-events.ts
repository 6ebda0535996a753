/**
 * Listens for clicks on the desk's own `custom_event` buttons named `name`, through the host instance's
 * `on`/`off` (v8 and Carbon emit `messageItemCustom` with the clicked item), and returns what stops listening.
 * An instance without them (v7, or none) hears nothing, and `undefined` is returned.
 *
 * @example
 * const stop = listenForCustomEvent(instance, 'flex-escalate:rating', (data) => console.log(data))
 */
export function listenForCustomEvent(instance: unknown, name: string, onClick: (userDefined: unknown) => void): (() => void) | undefined {
  const bus = instance as { on?: unknown; off?: unknown } | null | undefined
  if (typeof bus?.on !== 'function' || typeof bus.off !== 'function') return undefined
  const on = bus.on as (handlers: { type: string; handler: (event: unknown) => void }) => unknown
  const off = bus.off as typeof on
  const listener = {
    type: 'messageItemCustom',
    handler: (event: unknown) => {
      const item = (event as { messageItem?: { custom_event_name?: unknown; user_defined?: unknown } } | null)?.messageItem
      if (item?.custom_event_name === name) onClick(item.user_defined)
    },
  }
  on.call(bus, listener)
  return () => void off.call(bus, listener)
}

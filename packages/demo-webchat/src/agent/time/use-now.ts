import { useEffect, useState } from 'react'

/** `Date.now()`, re-rendering every `intervalMs`: drives countdowns and "time waiting". */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

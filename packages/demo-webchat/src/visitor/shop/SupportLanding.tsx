interface Topic {
  title: string
  text: string
}

const TOPICS: Topic[] = [
  { title: 'Orders & delivery', text: 'Track a parcel, change an address, or find an order number.' },
  { title: 'Billing', text: 'Refunds, invoices and payment questions, handled by our billing team.' },
  { title: 'Technical help', text: 'Tents, stoves and GPS units: set-up, firmware and repairs.' },
]

/**
 * The support landing: what the chat can do, and a hint that a person is one message away, which is the
 * escalation the demo shows.
 */
export function SupportLanding({ middlewareUrl }: { middlewareUrl: string }) {
  return (
    <main className="shop-main" id="top">
      <section className="shop-hero">
        <p className="shop-eyebrow">Customer support</p>
        <h1>How can we help?</h1>
        <p>
          Our assistant answers right away, day and night. When you need a person, just ask: you stay in the same chat window and an agent
          picks up your conversation where the assistant left it.
        </p>
      </section>
      <section className="shop-topics" aria-label="Help topics">
        {TOPICS.map((topic) => (
          <article key={topic.title} className="shop-topic">
            <h2>{topic.title}</h2>
            <p>{topic.text}</p>
          </article>
        ))}
      </section>
      <footer className="shop-footer">
        Demo of flex-escalate on the local Flex sandbox · middleware <code>{middlewareUrl}</code>
      </footer>
    </main>
  )
}

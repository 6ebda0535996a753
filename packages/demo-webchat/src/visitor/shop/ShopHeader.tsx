/** The shop's top bar: makes the page read as a real support page around the chat. */
export function ShopHeader() {
  return (
    <header className="shop-header">
      <a className="shop-brand" href="#top" aria-label="Lumen Outdoor home">
        <span className="shop-logo" aria-hidden="true">
          ▲
        </span>
        Lumen Outdoor
      </a>
      <nav className="shop-nav" aria-label="Main">
        <a href="#top">Shop</a>
        <a href="#top">Orders</a>
        <a href="#top" aria-current="page">
          Support
        </a>
      </nav>
    </header>
  )
}

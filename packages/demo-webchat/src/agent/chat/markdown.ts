import MarkdownIt from 'markdown-it'

/**
 * Markdown as Carbon renders it for the visitor (`@carbon/ai-chat-components`' markdown-it: the CommonMark
 * preset with `breaks`, `linkify`, tables and strikethrough), with raw HTML off, as Carbon's own no-HTML
 * parser has it: `<b>` in a message is shown as typed, never run. markdown-it also refuses `javascript:`,
 * `vbscript:` and `file:` links.
 */
const markdown = new MarkdownIt('commonmark', { html: false, breaks: true, linkify: true }).enable(['table', 'strikethrough', 'linkify'])

// A link in a message opens beside the console, never in its place, and tells the target nothing.
const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options))
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index]
  token?.attrSet('target', '_blank')
  token?.attrSet('rel', 'noopener noreferrer')
  return defaultLinkOpen(tokens, index, options, env, self)
}

/**
 * A message's text as the visitor's chat window shows it, as HTML that is safe to insert (escaped text and
 * markdown's own elements only).
 *
 * @example
 * renderMarkdown('**bold** <b>raw</b>') // '<p><strong>bold</strong> &lt;b&gt;raw&lt;/b&gt;</p>\n'
 */
export function renderMarkdown(text: string): string {
  return markdown.render(text)
}

import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown.js'

describe('renderMarkdown', () => {
  it('renders what Carbon renders: emphasis, lists, line breaks, links, tables, strikethrough', () => {
    expect(renderMarkdown('**bold** and _italic_')).toBe('<p><strong>bold</strong> and <em>italic</em></p>\n')
    expect(renderMarkdown('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n')
    expect(renderMarkdown('line one\nline two')).toBe('<p>line one<br />\nline two</p>\n')
    expect(renderMarkdown('~~old~~ new')).toBe('<p><s>old</s> new</p>\n')
    expect(renderMarkdown('| a |\n| - |\n| 1 |')).toContain('<table>')
    expect(renderMarkdown('[docs](https://example.test/help)')).toBe(
      '<p><a href="https://example.test/help" target="_blank" rel="noopener noreferrer">docs</a></p>\n',
    )
    expect(renderMarkdown('see https://example.test')).toContain('<a href="https://example.test" target="_blank"')
  })

  it('shows raw HTML as text and refuses script links', () => {
    expect(renderMarkdown('<img src=x onerror=alert(1)> <b>hi</b>')).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;hi&lt;/b&gt;</p>\n',
    )
    expect(renderMarkdown('[click](javascript:alert(1))')).not.toContain('href')
    expect(renderMarkdown('<script>alert(1)</script>')).not.toContain('<script')
  })
})

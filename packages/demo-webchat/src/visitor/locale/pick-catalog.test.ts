import { describe, expect, it } from 'vitest'
import { catalogFor } from './pick-catalog.js'

const catalogs = { es: 'es', 'pt-BR': 'pt-BR', 'es-419': 'es-419' }

describe('catalogFor', () => {
  it('takes the same tag in any case, else the same language', () => {
    expect(catalogFor('es', catalogs, 'en')).toBe('es')
    expect(catalogFor('ES-419', catalogs, 'en')).toBe('es-419')
    expect(catalogFor('es-ES', catalogs, 'en')).toBe('es')
    expect(catalogFor('pt-PT', catalogs, 'en')).toBe('pt-BR')
    expect(catalogFor('pt', catalogs, 'en')).toBe('pt-BR')
  })

  it('falls back for a language it has no catalog for', () => {
    expect(catalogFor('ja-JP', catalogs, 'en')).toBe('en')
    expect(catalogFor('e', catalogs, 'en')).toBe('en')
  })
})

import type { Script } from './script.js'

/** German (Sie). */
export const de: Script = {
  locale: 'de',
  words: {
    agent: [
      'mitarbeiter',
      'mitarbeiterin',
      'mensch',
      'menschen',
      'person',
      'jemand',
      'jemandem',
      'berater',
      'beraterin',
      'agent',
      'agenten',
    ],
    billing: ['rechnung', 'abrechnung', 'zahlung', 'bezahlen', 'bezahlt', 'abgebucht', 'erstattung', 'rückerstattung', 'geld zurück'],
    technical: [
      'fehler',
      'kaputt',
      'absturz',
      'technisch',
      'technisches',
      'technischen',
      'anmeldung',
      'login',
      'passwort',
      'funktioniert nicht',
    ],
    hours: ['öffnungszeiten', 'geöffnet', 'offen'],
    shipping: ['versand', 'lieferung', 'liefern', 'zustellung'],
    returns: ['rückgabe', 'rücksendung', 'zurückgeben', 'zurücksenden', 'umtausch', 'umtauschen'],
  },
  answers: {
    agent: 'Gern. Ich verbinde Sie mit einem unserer Mitarbeiter.',
    billing: 'Fragen zur Rechnung beantwortet am besten unser Abrechnungsteam. Ich verbinde Sie mit ihm.',
    technical: 'Das klingt nach einem technischen Problem. Ich verbinde Sie mit dem technischen Support.',
    hours: 'Unser Support-Team ist montags bis freitags von 8:00 bis 18:00 Uhr für Sie da.',
    shipping: 'Bestellungen werden innerhalb von 2 Werktagen versandt; die Lieferung dauert 3 bis 5 Tage.',
    returns: 'Sie können jeden Artikel innerhalb von 30 Tagen über Ihre Kontoseite zurückgeben.',
  },
  greeting: 'Hallo! Ich bin der virtuelle Assistent dieses Shops. Wie kann ich Ihnen helfen?',
  optionsTitle: 'Fragen Sie mich zum Beispiel nach:',
  options: {
    hours: 'Öffnungszeiten',
    shipping: 'Versand',
    billing: 'Eine Frage zur Rechnung',
    technical: 'Ein technisches Problem',
    agent: 'Mit einem Menschen sprechen',
  },
  fallback:
    'Das habe ich leider nicht verstanden. Sie können nach Öffnungszeiten, Versand oder Rückgabe fragen oder nach einem Mitarbeiter.',
  agentAvailable: 'Gleich ist ein Mitarbeiter für Sie da.',
  agentUnavailable: 'Leider ist gerade kein Mitarbeiter erreichbar. Bitte versuchen Sie es während unserer Öffnungszeiten erneut.',
}

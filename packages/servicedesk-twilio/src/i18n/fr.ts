import type { Catalog } from './en.js'

/**
 * Every sentence the adapter shows a visitor, in French ("vous"). Keys and notes: en.ts. Before `:`, `?` and
 * `!` stands a no-break space (U+00A0), as French typography wants, so the sign never starts a line.
 */
export const fr = {
  startUnreachable: 'Nous n’avons pas pu joindre le service d’assistance. Vérifiez votre connexion et réessayez.',
  startUnauthorized: 'Nous n’avons pas pu confirmer votre identité. Rechargez la page et réessayez.',
  startBusy: 'Trop de personnes demandent un conseiller en ce moment. Réessayez dans une minute.',
  startUnavailable: 'Le service d’assistance n’est pas disponible pour le moment. Réessayez dans quelques minutes.',
  startRefused: 'Nous n’avons pas pu ouvrir une discussion avec un conseiller. Réessayez plus tard.',
  startFailed: 'Nous n’avons pas pu ouvrir la discussion avec un conseiller. Vérifiez votre connexion et réessayez.',
  lostWaiting:
    'La connexion au service d’assistance a été perdue pendant que vous attendiez un conseiller. Veuillez demander à nouveau un conseiller.',
  lostRestarted: 'La discussion a pris fin, car le service d’assistance a redémarré. Vous pouvez demander à nouveau un conseiller.',
  lostExpired: 'La discussion a pris fin, car elle est restée ouverte trop longtemps. Vous pouvez demander à nouveau un conseiller.',
  lostNoAgent: 'Nous n’avons pas pu joindre de conseiller pour le moment. Réessayez plus tard.',
  closed: 'Nous sommes fermés pour le moment. Nous ouvrons {day} à {time} ({zone}).',
  closedNoOpening: 'Nous sommes fermés pour le moment. Réessayez plus tard.',
  openingWeekday: '{weekday}',
  openingDate: 'le {date}',
  fileUploadOff: 'L’envoi de fichiers n’est pas disponible dans cette discussion.',
  fileEmpty: 'Ce fichier est vide (0 octet)\u00a0: il n’y a rien à envoyer. Choisissez un autre fichier.',
  fileTooLarge: 'Ce fichier est trop volumineux ({size}). La limite est de {limit}.',
  fileType: 'Ce type de fichier ne peut pas être envoyé. Types autorisés\u00a0: {accept}.',
  fileFailed: 'Le fichier n’a pas pu être envoyé. Veuillez réessayer.',
  sizeBytes: '{count} octets',
  sizeKilobytes: '{count} Ko',
  sizeMegabytes: '{count} Mo',
  ratingPrompt: 'Comment s’est passée votre discussion avec {agent}\u00a0? Notez-la de 1 (mauvaise) à 5 (excellente).',
  ratingCommentPrompt: 'Merci\u00a0! Souhaitez-vous ajouter quelque chose\u00a0? Écrivez-le ci-dessous ou choisissez Passer.',
  ratingSkip: 'Passer',
  ratingThanks: 'Merci pour votre avis.',
  ratingFailed: 'Nous n’avons pas pu enregistrer votre note. Merci tout de même.',
  agentFallbackName: 'Conseiller',
  agentFile: 'Fichier du conseiller\u00a0: {name}',
} as const satisfies Catalog

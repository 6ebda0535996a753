import type { Script } from './script.js'

/** French (vouvoiement). */
export const fr: Script = {
  locale: 'fr',
  words: {
    agent: ['agent', 'conseiller', 'conseillère', 'humain', 'personne', "quelqu'un", 'opérateur', 'représentant'],
    billing: ['facture', 'facturation', 'paiement', 'payer', 'payé', 'débité', 'prélèvement', 'remboursement', 'rembourser'],
    technical: [
      'erreur',
      'panne',
      'bug',
      'plantage',
      'technique',
      'connexion',
      'mot de passe',
      'ne marche pas',
      'ne fonctionne pas',
      'ne charge pas',
    ],
    hours: ['horaire', 'horaires', 'ouvert', 'ouverts', 'ouverture'],
    shipping: ['livraison', 'expédition', 'envoi', 'livrer'],
    returns: ['retour', 'retours', 'retourner', 'échange', 'échanger'],
  },
  answers: {
    agent: "Bien sûr. Je vous mets en relation avec l'un de nos conseillers.",
    billing: 'Notre équipe de facturation est la mieux placée pour les questions de facturation. Je vous mets en relation avec elle.',
    technical: 'Cela ressemble à un problème technique. Je vous mets en relation avec le support technique.',
    hours: "Notre équipe d'assistance est disponible du lundi au vendredi, de 8 h à 18 h.",
    shipping: 'Les commandes sont expédiées sous 2 jours ouvrés ; la livraison prend de 3 à 5 jours.',
    returns: 'Vous pouvez retourner tout article sous 30 jours depuis la page de votre compte.',
  },
  greeting: "Bonjour ! Je suis l'assistant virtuel de cette boutique. Comment puis-je vous aider ?",
  optionsTitle: 'Vous pouvez me poser des questions sur :',
  options: {
    hours: "Horaires d'ouverture",
    shipping: 'Livraison',
    billing: 'Une question de facturation',
    technical: 'Un problème technique',
    agent: 'Parler à un conseiller',
  },
  fallback:
    "Je ne suis pas sûr d'avoir compris. Vous pouvez me demander les horaires, la livraison ou les retours, ou demander à parler à un conseiller.",
  agentAvailable: 'Un conseiller va vous répondre dans un instant.',
  agentUnavailable: "Désolé, aucun conseiller n'est disponible pour le moment. Veuillez réessayer pendant nos horaires d'ouverture.",
}

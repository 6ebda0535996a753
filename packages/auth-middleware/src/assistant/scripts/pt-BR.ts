import type { Script } from './script.js'

/** Brazilian Portuguese (você); also what other Portuguese locales are answered in. */
export const ptBR: Script = {
  locale: 'pt-BR',
  words: {
    agent: ['atendente', 'agente', 'humano', 'pessoa', 'alguém', 'representante', 'operador'],
    billing: ['fatura', 'cobrança', 'cobrado', 'cobrada', 'cobraram', 'reembolso', 'estorno', 'pagamento', 'pagar'],
    technical: ['erro', 'quebrado', 'falha', 'bug', 'técnico', 'técnica', 'login', 'senha', 'não funciona'],
    hours: ['horário', 'horários', 'aberto', 'abertos', 'abrem', 'funcionamento'],
    shipping: ['envio', 'entrega', 'frete', 'enviar', 'entregar'],
    returns: ['devolução', 'devoluções', 'devolver', 'troca', 'trocar'],
  },
  answers: {
    agent: 'Claro. Vou conectar você com um dos nossos atendentes.',
    billing: 'Dúvidas sobre cobrança são melhor resolvidas pela nossa equipe financeira. Vou conectar você com ela.',
    technical: 'Parece um problema técnico. Vou conectar você com o suporte técnico.',
    hours: 'Nossa equipe de atendimento está disponível de segunda a sexta, das 8h às 18h.',
    shipping: 'Os pedidos são enviados em até 2 dias úteis; a entrega leva de 3 a 5 dias.',
    returns: 'Você pode devolver qualquer item em até 30 dias pela página da sua conta.',
  },
  greeting: 'Olá! Sou o assistente virtual desta loja. Como posso ajudar?',
  optionsTitle: 'Você pode me perguntar sobre:',
  options: {
    hours: 'Horário de atendimento',
    shipping: 'Entrega',
    billing: 'Uma dúvida sobre cobrança',
    technical: 'Um problema técnico',
    agent: 'Falar com uma pessoa',
  },
  fallback: 'Não tenho certeza se entendi. Você pode perguntar sobre horários, entrega ou devoluções, ou pedir para falar com uma pessoa.',
  agentAvailable: 'Um atendente vai falar com você em instantes.',
  agentUnavailable: 'Desculpe, nenhum atendente está disponível no momento. Tente novamente no horário de atendimento.',
}

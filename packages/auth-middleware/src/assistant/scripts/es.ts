import type { Script } from './script.js'

/** Spanish (usted, neutral for Spain and Latin America). */
export const es: Script = {
  locale: 'es',
  words: {
    agent: ['agente', 'agentes', 'humano', 'persona', 'alguien', 'representante', 'operador', 'asesor'],
    billing: ['factura', 'facturación', 'cobro', 'cobrado', 'cobraron', 'cargo', 'reembolso', 'pago', 'pagar'],
    technical: ['error', 'roto', 'fallo', 'falla', 'técnico', 'técnica', 'contraseña', 'iniciar sesión', 'no funciona'],
    hours: ['horario', 'horarios', 'abierto', 'abiertos', 'abren'],
    shipping: ['envío', 'envíos', 'entrega', 'enviar'],
    returns: ['devolución', 'devoluciones', 'devolver', 'cambio'],
  },
  answers: {
    agent: 'Por supuesto. Le pongo en contacto con uno de nuestros agentes.',
    billing: 'Nuestro equipo de facturación es quien mejor resuelve las preguntas de facturación. Le pongo en contacto con él.',
    technical: 'Parece un problema técnico. Le pongo en contacto con el soporte técnico.',
    hours: 'Nuestro equipo de atención está disponible de lunes a viernes, de 8:00 a 18:00.',
    shipping: 'Los pedidos se envían en 2 días laborables; la entrega tarda de 3 a 5 días.',
    returns: 'Puede devolver cualquier artículo en un plazo de 30 días desde la página de su cuenta.',
  },
  greeting: '¡Hola! Soy el asistente virtual de esta tienda. ¿En qué puedo ayudarle?',
  optionsTitle: 'Puede preguntarme sobre:',
  options: {
    hours: 'Horario de atención',
    shipping: 'Envíos',
    billing: 'Una pregunta de facturación',
    technical: 'Un problema técnico',
    agent: 'Hablar con una persona',
  },
  fallback:
    'No estoy seguro de haberle entendido. Puede preguntar por el horario, los envíos o las devoluciones, o pedir hablar con una persona.',
  agentAvailable: 'Un agente le atenderá en breve.',
  agentUnavailable: 'Lo sentimos, ahora mismo no hay ningún agente disponible. Vuelva a intentarlo en nuestro horario de atención.',
}

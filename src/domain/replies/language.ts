/**
 * Cheap Spanish detector: chrono's Spanish parser reads English badly ("Mar 10" becomes martes),
 * so it only runs on replies with Spanish function words or date words.
 */
const SPANISH_MARKERS =
  /\b(?:el|la|las|los|me|sirve|puedo|podemos|mejor|gracias|hora|opción|lunes|martes|miércoles|jueves|viernes|sábado|domingo|mañana|tarde|noche|semana|próxima|proxima|que viene|hoy|ninguna|ninguno|segunda|primera|está|bien|sí|para|pero|nos vemos|quiero|prefiero|perfecto|vale)\b|[¿¡ñ]/;

export function looksSpanish(text: string): boolean {
  return SPANISH_MARKERS.test(text);
}

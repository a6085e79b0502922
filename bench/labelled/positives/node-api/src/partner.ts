const PARTNER_API = 'https://partner.globex.com/v3';
export const PARTNER_API_KEY = 'v4voibFWQCx8QvQWXjYl9LldjHU9Z7vMhqqXhs7';

export function partnerHeaders(): Record<string, string> {
  return { 'x-api-key': PARTNER_API_KEY, accept: 'application/json', origin: PARTNER_API };
}

const STRIPE_API = 'https://api.stripe.com/v1';

// Restricted key for the refunds worker (read charges, write refunds).
const STRIPE_RESTRICTED_KEY = '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';
const SQUARE_ACCESS_TOKEN = 'EAAAAuDi2RlmjTHnvdbBfZ4fW-Km8Mg_TaDw5nOKM9c-Q3nITJKDMfCWuKtA-hp1';

export async function refund(chargeId: string, amount: number): Promise<Response> {
  const body = new URLSearchParams({ charge: chargeId, amount: String(amount) });
  return fetch(`${STRIPE_API}/refunds`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${STRIPE_RESTRICTED_KEY}` },
    body,
  });
}

export async function squareLocations(): Promise<unknown> {
  const response = await fetch('https://connect.squareup.com/v2/locations', {
    headers: { Authorization: `Bearer ${SQUARE_ACCESS_TOKEN}`, 'Square-Version': '2024-01-18' },
  });
  return response.json();
}

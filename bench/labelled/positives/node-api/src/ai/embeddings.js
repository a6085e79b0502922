// Embedding job for the search index.
const HF_API = 'https://api-inference.huggingface.co/models/sentence-transformers/all-MiniLM-L6-v2';
const AZURE_CLIENT_SECRET = 'wL65Q~TAILmTLgVyDVcruj_Kdb2TLujps59O.H_N';
const ANTHROPIC = 'sk-ant-api03-jIEiUtIyBAbZIwLY7uXRelwVIm1N-VpObv5F7_IVgNZuAlf06n_TlGV_HoKHQa9TGRJuf4UXq_IFE7trJP-tcJO84Q_DmAA';

export async function embed(texts) {
  const response = await fetch(HF_API, { method: 'POST', body: JSON.stringify({ inputs: texts }) });
  return response.json();
}

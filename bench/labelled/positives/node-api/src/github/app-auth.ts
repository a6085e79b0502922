// Cached tokens from the GitHub App's user authorization flow (dev box dump, 2024-05-06).
export const cachedUserToken = 'ghu_HH6SdtvYwMqmoC22IfvTfqKcFfvQi72w4XTb';
export const cachedRefreshToken = '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';
export const EXPIRES_IN_SECONDS = 28_800;

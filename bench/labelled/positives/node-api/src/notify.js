import { format } from 'node:util';

const WEBHOOKS = {
  slack: 'https://hooks.slack.com/services/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',
  discord: 'https://discord.com/api/webhooks/9091014039264182495/e1Tpwdz5yetQEomoUOp4iWGe-_5NEqSHRMagkp5ED4eN0qWdfrO9KnJYT_1EjWhJ1P2x',
  teams: 'https://wayne.webhook.office.com/webhookb2/2682710c-9b30-4b7b-9254-7db566a83832@1ef3c9ad-dd07-443c-bc46-0f206f6e1d09/IncomingWebhook/33cb5309a3c8454eff55ccbd32920d35/fd43175a-b4a5-4844-8d34-a88e45fb8e49',
};

export async function notify(channel, template, ...args) {
  const text = format(template, ...args);
  const url = WEBHOOKS[channel];
  if (!url) throw new Error(`unknown channel ${channel}`);
  const body = channel === 'discord' ? { content: text } : { text };
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

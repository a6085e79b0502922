/**
 * Chat and messaging credentials: Slack, Discord, Microsoft Teams, Telegram. Bot tokens read
 * and post as the bot in every channel it joined; webhook URLs post into a channel.
 */
import { decodeBase64Text } from '../checks.js';
import type { SecretRule } from '../secret-rule.js';
import { glue, notPlaceholder, prefixedRule, URL_SAFE_END } from './shared.js';

const slackBotToken = prefixedRule({
  id: 'slack-bot-token',
  name: 'Slack bot token',
  description:
    'A Slack bot token (xoxb-…): reads and posts as the bot in every channel it belongs to, within its scopes.',
  provider: 'slack',
  identityKind: 'bot',
  severity: 'critical',
  prefix: 'xoxb-',
  body: '[0-9]{8,13}-(?:[0-9]{10,13}-)?[0-9A-Za-z]{18,34}',
  end: String.raw`\b`,
  positive: [`SLACK_BOT_TOKEN=${glue('xoxb-', '9234788298587-7414648709645-', 'ZmhF7t3KuIDv4lN7fKnFWHK0')}`],
  negative: [
    'SLACK_BOT_TOKEN=xoxb-your-bot-token',
    'SLACK_BOT_TOKEN=xoxb-0000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx',
  ],
});

const slackUserToken = prefixedRule({
  id: 'slack-user-token',
  name: 'Slack user token',
  description: 'A Slack user token (xoxp-…): acts as the user who installed the app, reading their messages and files.',
  provider: 'slack',
  identityKind: 'human',
  severity: 'critical',
  prefix: 'xoxp-',
  body: '[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[0-9a-f]{32}',
  end: String.raw`\b`,
  positive: [
    `token = "${glue('xoxp-', '584866210581-121150064533-679759874710-', 'fccb370ea5ff129e8dd8ffc0caa535a9')}"`,
  ],
  negative: ['token = "xoxp-584866210581-121150064533-679759874710-fccb370ea5ff"', 'token = "xoxp-XXXXXXXX"'],
});

const slackAppToken = prefixedRule({
  id: 'slack-app-token',
  name: 'Slack app-level token',
  description:
    'A Slack app-level token (xapp-…): opens Socket Mode connections and manages the app’s event subscriptions.',
  provider: 'slack',
  identityKind: 'bot',
  prefix: 'xapp-',
  body: '[0-9]-[0-9A-Z]{9,12}-[0-9]{10,13}-[0-9a-f]{64}',
  end: String.raw`\b`,
  positive: [
    `SLACK_APP_TOKEN=${glue('xapp-1-', 'LW11VX6CAO4-1491913339110-', 'db04d024e10673ab2f9000f9aa4a3acfe86264835d44feea700024a5b8790fec')}`,
  ],
  negative: ['SLACK_APP_TOKEN=xapp-1-A0000000000-0000000000000-<token>', 'SLACK_APP_TOKEN=xapp-1-LW11VX6CAO4'],
});

const slackConfigToken = prefixedRule({
  id: 'slack-config-token',
  name: 'Slack configuration access token',
  description:
    'A Slack app configuration token (xoxe.xoxp-… or xoxe.xoxb-…): creates and changes apps in the workspace through the manifest API.',
  provider: 'slack',
  identityKind: 'human',
  prefix: 'xoxe.xox',
  body: '[bp]-1-[0-9A-Za-z]{100,}',
  end: String.raw`\b`,
  positive: [
    `SLACK_CONFIG_TOKEN=${glue('xoxe.xoxp-1-', 'aIzkHEm2IAP1M57qCfyzOLFpO2sFho8XAowOdum4sdVCnCtuqRsqjIIkOwJeRFbgjyOpTSePz6NnSAHDq26ABOLUwBrR8mF6p8yXQv9wwaW5otP6vaXSO0b6ozSVDWsJBYYRIcTwwhFQ')}`,
  ],
  negative: ['SLACK_CONFIG_TOKEN=xoxe.xoxp-1-short', `SLACK_CONFIG_TOKEN=xoxe.xoxp-1-${'Mi'.repeat(60)}`],
});

const slackRefreshToken = prefixedRule({
  id: 'slack-refresh-token',
  name: 'Slack refresh token',
  description:
    'A Slack refresh token (xoxe-1-…) of an app with token rotation: mints new access tokens for the app until revoked.',
  provider: 'slack',
  identityKind: 'token',
  prefix: 'xoxe-',
  body: '1-[0-9A-Za-z]{100,}',
  end: String.raw`\b`,
  positive: [
    `refresh_token: ${glue('xoxe-1-', 'G0JAsUJzq0xJuJpkCJS2qzFGcRtWxNMi7C1RKFZkHeqfldqbLqfGM1Im7BoWvD1sjI3qQXKKv6RrWgMpGMFz3c0YZUlrg5GSJ5KRcLkBOz9jJ8jBTppNMJmI')}`,
  ],
  negative: ['refresh_token: xoxe-1-abc', 'refresh_token: xoxe-1-<refresh-token>'],
});

const slackLegacyToken = prefixedRule({
  id: 'slack-legacy-token',
  name: 'Slack legacy token',
  description:
    'A legacy Slack token (xoxa-, xoxo-, xoxr-, xoxs-): workspace, OAuth, refresh or session tokens from before granular permissions, often with broad access.',
  provider: 'slack',
  identityKind: 'token',
  prefix: 'xox',
  body: '[aors]-[0-9A-Za-z-]{20,}',
  minEntropy: 3.5,
  positive: [`SLACK_TOKEN=${glue('xoxa-2-', '584866210581-679759874710-', 'uCheVm70dedCALZkHzdKUmkM')}`],
  negative: ['SLACK_TOKEN=xoxs-abcdefghijklmnopqrstuvwxyz', 'SLACK_TOKEN=xoxa-2-xxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
});

/** The workspace (team) id in a Slack webhook URL: `…/services/T…/B…/…`. */
function slackTeam(secret: string) {
  const team = /\/(T[0-9A-Z]{8,12})\//.exec(secret)?.[1];
  return team === undefined ? null : { type: 'account' as const, provider: 'slack', account: team };
}

const slackWebhook: SecretRule = {
  id: 'slack-webhook',
  name: 'Slack incoming webhook URL',
  description:
    'A Slack incoming webhook or workflow trigger URL (hooks.slack.com/services/…): anyone holding it can post into its channel as the app.',
  provider: 'slack',
  identityKind: 'bot',
  credentialType: 'secret',
  severity: 'medium',
  pattern: String.raw`(https://hooks\.slack\.com/(?:services/T[0-9A-Z]{8,12}/B[0-9A-Z]{8,12}/[0-9A-Za-z]{24}|(?:workflows|triggers)/T[0-9A-Z]{8,12}/A[0-9A-Z]{8,12}/[0-9]{10,20}/[0-9a-f]{32}))\b`,
  secretGroup: 1,
  keywords: ['hooks.slack.com'],
  minEntropy: 4,
  verify: notPlaceholder,
  identify: (secret) => slackTeam(secret),
  examples: {
    positive: [
      `SLACK_WEBHOOK_URL=${glue('https://hooks.slack.com/services/', 'TSUATKE08UL/BJ5I0PKSK18/uCheVm70dedCALZkHzdKUmkM')}`,
      `url: ${glue('https://hooks.slack.com/workflows/', 'TKRLFH9EBKJ/A9Z8H4MB91Y/085071322745538/2063523f3a5a1e4e1054c529e5eedbfc')}`,
    ],
    negative: [
      'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'https://hooks.slack.com/services/TSUATKE08UL/BJ5I0PKSK18/short',
    ],
  },
};

/** The bot's user id: a Discord bot token's first part is its snowflake id in base64. */
function discordBotId(secret: string): string | null {
  const id = decodeBase64Text(secret.split('.')[0] ?? '');
  return id !== null && /^[0-9]{17,20}$/.test(id) ? id : null;
}

const discordBotToken: SecretRule = {
  id: 'discord-bot-token',
  name: 'Discord bot token',
  description:
    'A Discord bot token near the word Discord, bot or token: logs in as the bot in every server it has joined. Its first part is the bot’s user id in base64, which is checked.',
  provider: 'discord',
  identityKind: 'bot',
  credentialType: 'token',
  severity: 'critical',
  pattern: String.raw`(?:discord|bot|token)[^\n]*?\b([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})${URL_SAFE_END}`,
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['discord', 'bot', 'token'],
  minEntropy: 4,
  verify: (secret) => discordBotId(secret) !== null && notPlaceholder(secret),
  identify: (secret) => {
    const id = discordBotId(secret);
    return id === null ? null : { type: 'account', provider: 'discord', account: id };
  },
  examples: {
    positive: [
      `DISCORD_TOKEN=${glue('MTA5MjgzNzQ2NTAxOTI4Mzc0Ng', '.RaizSt.', 'JzFnpU0rhmd2YRGUWSCoQWvmcNHdw924YJ_kzZ')}`,
      `const bot = new Client();\nbot.login("${glue('ODY0MjA5NzUzMTA4NjQyMDk3', '.RaizSt.', 'JzFnpU0rhmd2YRGUWSCoQWvmcNHdw924YJ_kzZ')}");`,
    ],
    negative: [
      // The first part decodes to letters, not a user id.
      'DISCORD_TOKEN=MWFiY2RlZmdoaWprbG1ub3Bx.RaizSt.JzFnpU0rhmd2YRGUWSCoQWvmcNHdw924YJ_kzZ',
      'DISCORD_TOKEN=MTA5MjgzNzQ2NTAxOTI4Mzc0Ng.RaizSt.short',
    ],
  },
};

const discordWebhook: SecretRule = {
  id: 'discord-webhook',
  name: 'Discord webhook URL',
  description:
    'A Discord webhook URL with its token: anyone holding it can post into its channel and delete its messages.',
  provider: 'discord',
  identityKind: 'bot',
  credentialType: 'secret',
  severity: 'medium',
  pattern: String.raw`(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/(?:v[0-9]{1,2}/)?webhooks/([0-9]{17,20})/[A-Za-z0-9_-]{60,68})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['discord'],
  minEntropy: 4,
  verify: notPlaceholder,
  identify: (_secret, groups) => {
    const id = groups[2];
    return id === undefined ? null : { type: 'account', provider: 'discord', account: `webhook/${id}` };
  },
  examples: {
    positive: [
      `DISCORD_WEBHOOK=${glue('https://discord.com/api/webhooks/', '1092837465019283746/', '3WtVgwRRWPMpNNUVAxNhYCCkCvJLCucYSZx2Vaa5rUiUAw4Obc-QGrITq53uh_cGqSi9')}`,
    ],
    negative: [
      'https://discord.com/api/webhooks/123456789012345678/your-webhook-token-goes-here-your-webhook-token-goes-here',
      'https://discord.com/api/webhooks/1092837465019283746/short',
    ],
  },
};

const TEAMS_GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const teamsIncomingWebhook: SecretRule = {
  id: 'teams-incoming-webhook',
  name: 'Microsoft Teams incoming webhook URL',
  description:
    'A Microsoft Teams incoming webhook URL (…webhook.office.com/webhookb2/…): posts into its channel as the connector.',
  provider: 'microsoft',
  identityKind: 'bot',
  credentialType: 'secret',
  severity: 'medium',
  pattern: String.raw`(https://(?:[A-Za-z0-9-]+\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)/${TEAMS_GUID}@${TEAMS_GUID}/IncomingWebhook/[0-9a-f]{32}/${TEAMS_GUID}(?:/V2[A-Za-z0-9_-]{20,80})?)${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['incomingwebhook'],
  verify: notPlaceholder,
  examples: {
    positive: [
      `TEAMS_WEBHOOK_URL=${glue('https://lumenfreight.webhook.office.com/webhookb2/', '3f2a8c1e-7b4d-4e9a-a1c5-9d8e7f6a5b4c@0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f/IncomingWebhook/', '717783e2835f367b2709a92cc225051e/8e9f0a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b3')}`,
    ],
    negative: [
      'https://lumenfreight.webhook.office.com/webhookb2/<group-id>@<tenant-id>/IncomingWebhook/<id>/<owner-id>',
      'https://outlook.office.com/webhook/3f2a8c1e-7b4d-4e9a-a1c5-9d8e7f6a5b4c',
    ],
  },
};

const teamsWorkflowWebhook: SecretRule = {
  id: 'teams-workflow-webhook',
  name: 'Microsoft Teams workflow (Power Automate) webhook URL',
  description:
    'The signature of a Power Automate / Logic Apps HTTP trigger URL, the successor of Teams incoming webhooks: anyone holding the URL runs the workflow.',
  provider: 'microsoft',
  identityKind: 'workload',
  credentialType: 'secret',
  severity: 'medium',
  pattern: String.raw`https://[A-Za-z0-9.-]+\.logic\.azure\.com(?::443)?/workflows/[0-9a-f]{32}/triggers/[A-Za-z0-9_-]+/paths/invoke\?[^\s"'<>]*?&sig=([A-Za-z0-9_-]{43})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['logic.azure.com'],
  minEntropy: 4,
  verify: notPlaceholder,
  examples: {
    positive: [
      `url: "${glue('https://prod-27.westeurope.logic.azure.com:443/workflows/2063523f3a5a1e4e1054c529e5eedbfc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=', 'j7qy2VKXzvUQdZUbalRmHt0W-JSzgVoUiyZRWn0lUPo')}"`,
    ],
    negative: [
      'https://prod-27.westeurope.logic.azure.com:443/workflows/2063523f3a5a1e4e1054c529e5eedbfc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=<signature>',
    ],
  },
};

const telegramBotToken: SecretRule = {
  id: 'telegram-bot-token',
  name: 'Telegram bot token',
  description: 'A Telegram Bot API token (id:AA…): controls the bot, reading every message sent to it.',
  provider: 'telegram',
  identityKind: 'bot',
  credentialType: 'token',
  severity: 'high',
  pattern: `(?:^|[^0-9])([0-9]{8,10}:AA[0-9A-Za-z_-]{33})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: [':aa'],
  minEntropy: 3.5,
  verify: notPlaceholder,
  identify: (secret) => ({ type: 'account', provider: 'telegram', account: secret.split(':')[0] ?? '' }),
  examples: {
    positive: [
      `TELEGRAM_BOT_TOKEN=${glue('4620590422:AA', '2Wet-qf0sTI3EQxa0gU_VyrCZKGJHUXk0')}`,
      `https://api.telegram.org/bot${glue('4620590422:AA', '2Wet-qf0sTI3EQxa0gU_VyrCZKGJHUXk0')}/getMe`,
    ],
    negative: ['TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'mac 00:AA:BB:CC:DD:EE'],
  },
};

/** Chat and messaging credentials. */
export const CHAT_RULES: readonly SecretRule[] = [
  slackBotToken,
  slackUserToken,
  slackAppToken,
  slackConfigToken,
  slackRefreshToken,
  slackLegacyToken,
  slackWebhook,
  discordBotToken,
  discordWebhook,
  teamsIncomingWebhook,
  teamsWorkflowWebhook,
  telegramBotToken,
];

import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { CHAT_RULES } from './chat.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, hintOf, ruleIn, secretsFound } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(CHAT_RULES, id);

const DISCORD_A = glue('MTA5MjgzNzQ2NTAxOTI4Mzc0Ng', '.RaizSt.', 'JzFnpU0rhmd2YRGUWSCoQWvmcNHdw924YJ_kzZ');
const DISCORD_B = glue('ODY0MjA5NzUzMTA4NjQyMDk3', '.RaizSt.', 'JzFnpU0rhmd2YRGUWSCoQWvmcNHdw924YJ_kzZ');
const TELEGRAM = glue('4620590422:AA', '2Wet-qf0sTI3EQxa0gU_VyrCZKGJHUXk0');

describe('chat rules', () => {
  it('find the expected secrets in their examples', () => {
    const expected: Record<string, string[]> = {
      'slack-bot-token': [glue('xoxb-', '9234788298587-7414648709645-', 'ZmhF7t3KuIDv4lN7fKnFWHK0')],
      'slack-user-token': [
        glue('xoxp-', '584866210581-121150064533-679759874710-', 'fccb370ea5ff129e8dd8ffc0caa535a9'),
      ],
      'slack-app-token': [
        glue(
          'xapp-1-',
          'LW11VX6CAO4-1491913339110-',
          'db04d024e10673ab2f9000f9aa4a3acfe86264835d44feea700024a5b8790fec',
        ),
      ],
      'slack-legacy-token': [glue('xoxa-2-', '584866210581-679759874710-', 'uCheVm70dedCALZkHzdKUmkM')],
      'slack-webhook': [
        glue('https://hooks.slack.com/services/', 'TSUATKE08UL/BJ5I0PKSK18/uCheVm70dedCALZkHzdKUmkM'),
        glue(
          'https://hooks.slack.com/workflows/',
          'TKRLFH9EBKJ/A9Z8H4MB91Y/085071322745538/2063523f3a5a1e4e1054c529e5eedbfc',
        ),
      ],
      'discord-bot-token': [DISCORD_A, DISCORD_B],
      'discord-webhook': [
        glue(
          'https://discord.com/api/webhooks/',
          '1092837465019283746/',
          '3WtVgwRRWPMpNNUVAxNhYCCkCvJLCucYSZx2Vaa5rUiUAw4Obc-QGrITq53uh_cGqSi9',
        ),
      ],
      'teams-workflow-webhook': [glue('j7qy2VKXzvUQdZUbalRmHt0W', '-JSzgVoUiyZRWn0lUPo')],
      'telegram-bot-token': [TELEGRAM, TELEGRAM],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('takes the whole Teams webhook URL as the secret', () => {
    const [secret] = secretsFound(
      rule('teams-incoming-webhook'),
      rule('teams-incoming-webhook').examples.positive[0] ?? '',
    );
    expect(secret).toMatch(
      /^https:\/\/lumenfreight\.webhook\.office\.com\/webhookb2\/.+\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}$/,
    );
  });

  it('takes the whole Slack configuration and refresh tokens', () => {
    for (const id of ['slack-config-token', 'slack-refresh-token']) {
      const [secret] = secretsFound(rule(id), rule(id).examples.positive[0] ?? '');
      expect(secret).toMatch(/^xoxe[.-][0-9A-Za-z.-]{100,}$/);
    }
  });

  it('names the Slack workspace of a webhook', () => {
    expect(hintOf(rule('slack-webhook'), 0, re2)).toEqual({
      type: 'account',
      provider: 'slack',
      account: 'TSUATKE08UL',
    });
  });

  it('names the Discord bot by the user id inside its token', () => {
    expect(hintOf(rule('discord-bot-token'), 0, re2)).toEqual({
      type: 'account',
      provider: 'discord',
      account: '1092837465019283746',
    });
  });

  it('rejects a Discord-shaped token whose first part is not a user id', () => {
    const fake = 'DISCORD_TOKEN=MWFiY2RlZmdoaWprbG1ub3Bx.RaizSt.JzFnpU0rhmd2YRGUWSCoQWvmcNHdw924YJ_kzZ';
    expect(secretsFound(rule('discord-bot-token'), fake, re2)).toEqual([]);
  });

  it('names the Discord webhook by its id', () => {
    expect(hintOf(rule('discord-webhook'), 0, re2)).toEqual({
      type: 'account',
      provider: 'discord',
      account: 'webhook/1092837465019283746',
    });
  });

  it('names the Telegram bot by its id', () => {
    expect(hintOf(rule('telegram-bot-token'), 0, re2)).toEqual({
      type: 'account',
      provider: 'telegram',
      account: '4620590422',
    });
  });
});

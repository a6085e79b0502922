import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { INFRA_RULES } from './infra.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, hintOf, ruleIn, secretsFound } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(INFRA_RULES, id);

describe('infrastructure rules', () => {
  it('find the expected secrets in their examples', () => {
    const expected: Record<string, string[]> = {
      'vault-service-token': [
        glue(
          'hvs.',
          'CAESI',
          'ZWzwDFrlGXl-z1BVXBt7wRkl8OZfIa2AUk7z7gTqBu4wweocv81k2lsNaWQrZzhB4GZqT8hqt0pmpsLww0sAO_DGpU',
        ),
        glue('hvs.', 'fk0ahYHe0bKQGA8bw3P23LWE'),
      ],
      'vault-legacy-token': [glue('s.', 'ZmIArS3inQEp', 'C7fk0ahYHe0b')],
      'terraform-cloud-token': [
        glue('ZmIArS3inQEpC7', '.atlasv1.', '-vIJUjzwTkoqrtleWvTDuRgR3yNwos_bDWmE4kuv4VGOfYcMuqbKLLp_2jfTuOQPeWI'),
      ],
      'doppler-personal-token': [glue('dp.pt.', 'dEZ9ih1mtyIlPQWjvnEBXQ3DFfGAra6R0ay1rC8vzBe')],
      'doppler-service-token': [glue('dp.st.', 'prd.', 'J3uGBbmR90xf2WPxS4AbELR8Uwd5NWAEkaVDjs6R')],
      'doppler-token': [glue('dp.sa.', 'fXhpWwtsY4FFXEhjQPXZ4FGKnaLVC6oe1y2R3KCx')],
      'heroku-api-key': ['32506afc-b476-4e8d-9e79-16ae6315168d'],
      'heroku-platform-key': [glue('HRKU-', 'AA', 'WFtjcdwBCRGja3o3kV_2WHPSoIFieCIPnINFB44cHjXpcK_42PEnKYAiJ6-R')],
      'digitalocean-pat': [glue('dop_v1_', '20124d6d003a6630d95495d395dc32898583128fc49f69e885e946a47b27d40a')],
      'digitalocean-oauth-token': [glue('doo_v1_', 'c20d2de3206279634895623a069ca1e8fb6b41a76df5b5900b44d12a9b5a391a')],
      'digitalocean-refresh-token': [
        glue('dor_v1_', 'd65152fcdcbc836b42830bca7398d44490847d489dc2b0f7f2f9714e2b4b1206'),
      ],
      'cloudflare-api-token': [
        glue('klx0SCfXmTVej0Dk2cE9', 'eRBu8twpZTIrc1nrkq2J'),
        glue('klx0SCfXmTVej0Dk2cE9', 'eRBu8twpZTIrc1nrkq2J'),
      ],
      'cloudflare-global-api-key': ['117cbf49b41ab6d858f2cd89082a30db05bbb'],
      'pulumi-access-token': [glue('pul-', '082a30db05bbba8a8c57922f2263bca77148c50a')],
      'fly-access-token': [glue('fo1_', '53y9Hppt_Lv4XpbNfaiag2WNPXps4p25Bqh9aHejgYw')],
      'netlify-access-token': [glue('nfp_', '2Pa4KDivEfMgWlHtb7XGj13Lg8Meci0SUbhY')],
      'supabase-access-token': [glue('sbp_', '5e331c852ec6ba0597c113a014b995b234c8668f')],
      'supabase-secret-key': [glue('sb_secret_', 'lkWy08Z9QJjK1PZhwBYOPOC78IRXQXa')],
      'planetscale-token': [glue('pscale_tkn_', 'mFSZanLDEY91cNAfoxeObOAG0y6Bhx2my-SF3U1Etrc')],
      'planetscale-password': [glue('pscale_pw_', 'K-GmEHcEYFk6z7soD4iWAVT6olvQPc55RD1F41XoJiq')],
      'databricks-token': [glue('dapi', '8e3e96c041bf5371f058213aa569538e')],
      'tailscale-key': [glue('tskey-auth-', 'k44kgc9Ki1CNTRL-', 'KdzmfMtxv3L49XFF02HUcugQARfpUt')],
      'okta-api-token': [
        glue('00', 'jFgKmk3nMm7CtrUnPH3jB-xSI-pbufiDS5BX5wz_'),
        glue('00', 'jFgKmk3nMm7CtrUnPH3jB-xSI-pbufiDS5BX5wz_'),
      ],
      'linear-api-key': [glue('lin_api_', 'KCOHVloBAujboug1g392JMU938IfMbGFKxF3FGRx')],
      'shopify-access-token': [glue('shpat_', '0225072322208bb5ec1d5f6ea2b59916')],
      'shopify-shared-secret': [glue('shpss_', '61a7e38d6315f35645d282760ee88e4e')],
      'shopify-custom-app-token': [glue('shpca_', 'bf73422574d909c5b1268b44fbe5ab76')],
      'shopify-private-app-token': [glue('shppa_', '8873f4f88e5690e80b0c4824c5b6403f')],
      'twilio-api-key': [glue('SK', '32506afcb476de8d6e7916ae6315168d')],
      'twilio-auth-token': ['61a7e38d6315f35645d282760ee88e4e', glue('6cuRJgWywPnbuXlV', '0d5TbtbcNFMK6ih1')],
      'postman-api-key': [glue('PMAK-', '6992136eea0cc09b1de68da0-', '59bcc46df2ade5bbf5141a7c392b821848')],
      'airtable-pat': [
        glue('pat', 'rayk1CpWo3psX9.', '2b172d03ac0f2931e3f77b640975ff03b66bdd630b2a5bb905716b736cf9a9f8'),
      ],
      'notion-integration-token': [glue('ntn_', '45664523286', 'QSYLhsGbDuuEGpdlR3VHPszS0m8UEQZEhVW')],
      'snyk-token': ['8e3e96c0-41bf-4371-b058-213aa569538e'],
      'sonarqube-token': [glue('squ_', 'e4e35e931dcef35824a8b7064d7bae532dca940d')],
      'circleci-token': [glue('CCIPAT_', 'LE3HKC1IBXVbNBv7VpBZB7_', 'cc252f24e89ddbd634e377b9f597fea1873c35c3')],
      'buildkite-token': [glue('bkua_', '6ed816f24536489a1f8ae4f458d2f347f997d1f6')],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('takes whole long tokens (Vault batch, Cloudflare Origin CA, Atlassian, 1Password)', () => {
    const shapes: Record<string, RegExp> = {
      'vault-batch-token': /^hvb\.AAAAAQ[0-9A-Za-z_-]{120}$/,
      'cloudflare-origin-ca-key': /^v1\.0-[0-9a-f]{24}-[0-9a-f]{146}$/,
      'atlassian-api-token': /^ATATT3xFfGF0[0-9A-Za-z_-]{180}=5E331C85$/,
      'onepassword-service-account-token': /^ops_eyJ[0-9A-Za-z+/]{160}$/,
    };
    for (const [id, shape] of Object.entries(shapes)) {
      const [secret] = secretsFound(rule(id), rule(id).examples.positive[0] ?? '', re2);
      expect(secret, id).toMatch(shape);
    }
  });

  it('names the Twilio account whose SID is on the line before the auth token', () => {
    expect(hintOf(rule('twilio-auth-token'), 0, re2)).toEqual({
      type: 'account',
      provider: 'twilio',
      account: 'AC0225072322208bb5ec1d5f6ea2b59916',
    });
  });

  it('names no Twilio account for an API key secret on its own', () => {
    expect(hintOf(rule('twilio-auth-token'), 1, re2)).toBeNull();
  });

  it('names the Twilio API key by its SID', () => {
    expect(hintOf(rule('twilio-api-key'), 0, re2)).toEqual({
      type: 'account',
      provider: 'twilio',
      account: glue('SK', '32506afcb476de8d6e7916ae6315168d'),
    });
  });
});

#!/usr/bin/env bash
set -euo pipefail

export CF_ORIGIN_CA_KEY=v1.0-ca2d85780fcf3f52c4566e89-74312dcfc7b0701650c7f20b1c5923e3b4e3db65a7fb4cc78f8f20b6d6202d843cd39b9877cdf635e76ba23726a9918e09ef9d08b17ba3b013650b65a9cc645c684750c37a24adf007
export TFE_TOKEN="6ZfWwttuBIB2ub.atlasv1.nZPV6GhRD49JUOXtPLhQyCJgYhelG3oYIY-fbXn3gg9STUllDmScvSAtwGH8FoLNm4n"

git clone "https://x-access-token:ghs_HKvupvHSsXhheWsZflj09XH9ifX2pF3v9Ct4@github.com/acme/infra.git" /tmp/infra
curl -fsS -u "ci-bot:ATBBKUxuYdflfGzXoch6WitoGwpfUDQSzLMq" https://api.bitbucket.org/2.0/repositories/acme
curl -fsS -H "Authorization: Bearer lin_api_7dTSxIlSB0hsB7PVCG8kR0wrZ0WguJmCFhXHVYN2" https://api.linear.app/graphql -d '{"query":"{ viewer { id } }"}'

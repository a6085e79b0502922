#!/usr/bin/env bash
# Builds a Vigil GitHub org export (docs/importers/github.md) for one organization.
#
#   examples/github/fetch-org-export.sh lumen-freight > org-export.json
#   vigil import github org-export.json
#
# Needs `gh` (logged in as an org owner, e.g. `gh auth refresh -s repo,admin:org`) and `jq`.
# It only reads: every call is a GET. Secret values are never returned by these endpoints.
# Optional parts (admins, 2FA, outside collaborators, repository collaborators) are left
# out of the document, with a warning, when the token may not read them; required parts
# make the script fail rather than write a partial export that would mark identities deleted.
set -euo pipefail

org="${1:?usage: $0 ORG > org-export.json}"
for tool in gh jq; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is required" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# GET every page of an endpoint; `gh api --paginate` prints one JSON value per page,
# which `jq -s` then joins: arrays are concatenated, and paged objects
# ({total_count, <key>: [...]}) are merged into one object with all items.
get_array() { # ENDPOINT OUTFILE
  gh api --paginate -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' "$1" |
    jq -s 'add // []' >"$2"
}
get_paged() { # ENDPOINT KEY OUTFILE
  gh api --paginate -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' "$1" |
    jq -s --arg key "$2" '{total_count: (map(.total_count) | max // 0), ($key): (map(.[$key]) | add // [])}' >"$3"
}
optional() { # NAME COMMAND...: runs the command; on failure writes null and warns
  local name="$1"
  shift
  if ! "$@" 2>"$work/$name.err"; then
    echo "warning: $name left out ($(head -c 200 "$work/$name.err" | tr '\n' ' '))" >&2
    echo null >"$work/$name.json"
  fi
}

echo "reading org $org…" >&2
gh api -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' "orgs/$org" >"$work/org.json"
get_array "orgs/$org/members?per_page=100" "$work/members.json"
optional admins get_array "orgs/$org/members?role=admin&per_page=100" "$work/admins.json"
optional members_2fa_disabled get_array "orgs/$org/members?filter=2fa_disabled&per_page=100" "$work/members_2fa_disabled.json"
optional outside_collaborators get_array "orgs/$org/outside_collaborators?per_page=100" "$work/outside_collaborators.json"
get_paged "orgs/$org/installations?per_page=100" installations "$work/installations.json"
get_paged "orgs/$org/actions/secrets?per_page=100" secrets "$work/actions_secrets.json"
get_array "orgs/$org/repos?type=all&per_page=100" "$work/repos.json"

# One entry per repository; archived repositories are kept (their keys still work for reads).
: >"$work/repo-entries.jsonl"
jq -c '.[]' "$work/repos.json" | while IFS= read -r repository; do
  name="$(jq -r '.name' <<<"$repository")"
  echo "  repository $name" >&2
  get_array "repos/$org/$name/keys?per_page=100" "$work/keys.json"
  get_paged "repos/$org/$name/actions/secrets?per_page=100" secrets "$work/secrets.json"
  optional collaborators get_array "repos/$org/$name/collaborators?affiliation=outside&per_page=100" "$work/collaborators.json"
  jq -c -n \
    --argjson repository "$repository" \
    --slurpfile keys "$work/keys.json" \
    --slurpfile secrets "$work/secrets.json" \
    --slurpfile collaborators "$work/collaborators.json" \
    '{repository: $repository, deploy_keys: $keys[0], actions_secrets: $secrets[0]}
     + (if $collaborators[0] == null then {} else {collaborators: $collaborators[0]} end)' \
    >>"$work/repo-entries.jsonl"
done

jq -n \
  --slurpfile org "$work/org.json" \
  --slurpfile members "$work/members.json" \
  --slurpfile admins "$work/admins.json" \
  --slurpfile noMfa "$work/members_2fa_disabled.json" \
  --slurpfile outside "$work/outside_collaborators.json" \
  --slurpfile installations "$work/installations.json" \
  --slurpfile secrets "$work/actions_secrets.json" \
  --slurpfile repos "$work/repo-entries.jsonl" \
  '{org: $org[0], members: $members[0]}
   + (if $admins[0] == null then {} else {admins: $admins[0]} end)
   + (if $noMfa[0] == null then {} else {members_2fa_disabled: $noMfa[0]} end)
   + (if $outside[0] == null then {} else {outside_collaborators: $outside[0]} end)
   + {installations: $installations[0], actions_secrets: $secrets[0], repos: $repos}'

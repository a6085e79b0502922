provider "jira" {
  url      = "https://acme.atlassian.net"
  user     = "ops@acme.com"
  password = "ATATT3xFfGF0sSkF4aCmxpZ3wV4A_dTcHPD4Rg119EV6Jgnp6ha5vGvcf_z-uMz2yKs8FXPrR2NKspqvUBlzc01iRvYFnBH-oo43Y7_PrZmFC1ZszlJTcoa1PvmcBswIdEUjPC6TaFy15cNwguLtwLH8c83e2jN3pazPpmSkIcSkeFAIW9iYFws=45998236"
}

provider "okta" {
  org_name  = "acme"
  base_url  = "okta.com"
  api_token = "00TJe_sf_2WZO5fNZDo2Hpj0kJrf4zNjeNoui2XdG9"
}

provider "grafana" {
  url  = "https://acme.grafana.net"
  auth = "glsa_np3utHdNgeEDtY2cmP78MbmrfR8Mti4I_9db045e6"
}

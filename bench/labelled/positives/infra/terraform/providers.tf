terraform {
  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 4.0"
    }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIADAI6ES77Q7OPO5H6"
  secret_key = "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"
}

provider "cloudflare" {
  api_token = "IH8kjGWCX1d_5H6AAP0dZuDOq0FG8iQ1C11tuMte"
}

provider "digitalocean" {
  token = "dop_v1_b816efb7fb6fc07bda7008a09ef4c4759138263468fe74e9842aa0847827eba4"
}

provider "datadog" {
  api_key = "0ca4f087a93311796a02428954d6a225"
  app_key = "603f5834f9cbe23990c1f40a56457811e9920bb7"
}

auto_auth {
  method "kubernetes" {
    config = {
      role = "orders-api"
      token_path = "/var/run/secrets/kubernetes.io/serviceaccount/token"
    }
  }
  sink "file" {
    config = { path = "/home/vault/.vault-token" }
  }
}

template {
  contents    = "{{ with secret \"secret/data/orders\" }}{{ .Data.data.stripe_key }}{{ end }}"
  destination = "/etc/secrets/stripe"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = ""
}

variable "github_token" {
  description = "GitHub token with repo scope; pass with TF_VAR_github_token"
  type        = string
  sensitive   = true
}

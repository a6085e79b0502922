# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.46.0"
  constraints = "~> 5.0"
  hashes = [
    "h1:rzyficXI4zmvUq9YWEgsZ53mfXKws1mHzVqEPiw2pRM=",
    "zh:d39c3e156f4bb52eda4aa92eab193bb072c5069a325c749a8249c462b2e34402",
    "zh:d79fcef701f9609f7c10596b9026172a1055bc80b66f4a401fe192f4ae1fa960",
    "zh:38fbd8498f89f49ccbcd55e13785a4f11edd36d1f30c99a869e7c0e3a20ccd20",
  ]
}

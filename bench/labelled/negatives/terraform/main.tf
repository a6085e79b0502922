resource "random_password" "db" {
  length  = 32
  special = true
}

resource "aws_db_instance" "orders" {
  engine            = "postgres"
  username          = "orders"
  password          = random_password.db.result
  kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/40970a9a-4bb0-48ff-8598-b42638381def"
}

data "aws_secretsmanager_secret_version" "stripe" {
  secret_id = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe/prod-X84QII"
}

resource "aws_lambda_function" "webhooks" {
  function_name    = "stripe-webhooks"
  filename         = "build/webhooks.zip"
  source_code_hash = "uYWo5qr6F0C8+NHi18u9/N8gaLCaSRy7XVRiylfQZqk="
  environment {
    variables = {
      STRIPE_SECRET_ARN = data.aws_secretsmanager_secret_version.stripe.arn
      DB_PASSWORD       = var.db_password
    }
  }
}

"""One-off backfill of invoices into the data lake (ticket DATA-2291)."""
import boto3
import psycopg2

s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIAIKFCCXHWU6JIFXTV",
    aws_secret_access_key="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",
    region_name="eu-west-1",
)

conn = psycopg2.connect("postgres://admin:TKTNnzSxIJhDzKa7sZ@catalog.af4512f337cc.us-east-1.rds.amazonaws.com:5432/payments")
STRIPE_KEY = "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"

for row in conn.cursor().execute("select id from invoices where migrated = false"):
    s3.put_object(Bucket="acme-lake-raw", Key=f"invoices/{row[0]}.json", Body=b"{}")

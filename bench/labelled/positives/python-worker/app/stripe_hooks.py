import stripe

stripe.api_key = "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"
ENDPOINT_SECRET = "whsec_BRAbbbgtvg4fjVHZp4oXtsjEa76I5tRJ"


def verify(payload: bytes, signature: str):
    return stripe.Webhook.construct_event(payload, signature, ENDPOINT_SECRET)

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "jiPD8bRbjUqMAX5rxjxYGoo1p34rrCkXQnUAI6zBu"
DEBUG = False
ALLOWED_HOSTS = ["worker.acme.internal"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "orders",
        "USER": "orders_rw",
        "PASSWORD": "Fg7!=U.nYW4x.8CCG?I5U",
        "HOST": "orders-db.internal",
        "PORT": "5432",
    }
}

CELERY_BROKER_URL = "mysql://svc_orders:owrvU0PPA5qAz9hWVh@10.179.186.159:3306/search"
MAILGUN_API_KEY = "key-52686dfdf2fa98f58195243608d52dc6"
AWS_SESSION_TOKEN = "IQoJb3JpZ2luX2VjECDY1YFCuvIzY/biMa6hXerlwiH/ImdziKF1buOuFZCwa+MOVYvhOGy4tYHJH+wI9ZI3O3A92lopwyAO0weSsFHpgGH3C0PspbGg30mmQRV4Ux4GIbADrMwj0oMeR8PTmE4DUHVylJ9yv5eX+rBSGnChSPxV13iODRrKCekOqfydqvjhjDf5E/AS75Zr1hvFpXP8Ow2/BlAy/n+6R8WLkAwpC6h1x0pca1RhPbQRXZZFJB6l3I8f73HY7HI9uLp5O2c81D3aj9ph3W8f+EJBwzBvXR7FSXg8SiH6G1Z3uVtgdKPkhRTpynay2Sb0cgdsKoBcZ9Di11uHeAHnlWshlMN8l/V2TJTXKsX+SzvCRuF2icYZaXglirR5jOyPNRKPhnHrGrSsW6eVbWqfcLAbYgIOUdww=="
TWILIO_ACCOUNT_SID = "ACb61384e84f05a23114b960aff79beac5"
TWILIO_AUTH_TOKEN = "361e9ef3410e8f651c916f59bc435548"
STATIC_ROOT = BASE_DIR / "static"

import os

import requests

HF_TOKEN = os.environ.get("HF_TOKEN", "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")
TELEGRAM_BOT_TOKEN = "3074879922:AAY7E2dN57506lIl9jGye1A71DrpBK2JsVR"
OPENAI_API_KEY = (
    "sk-proj-WTk2jGzaUT7qUg1_kqqMVyNBIgUDz328dQZa8BOdnUjxR1VhmnK8k7i5OQiDO0dP5qu3S8Kk3V"
    "T3BlbkFJnEUFvIUR5Qs88cJ_8-lrUYQP9HBKYG896yapSxouZuurBW0J8vNEBDYUfZKbyOJuEOkW1jNv7q"
)


def send_alert(chat_id: int, text: str) -> None:
    url = f"https://api.telegram.org/bot{TELEGRAM_BOT_TOKEN}/sendMessage"
    requests.post(url, json={"chat_id": chat_id, "text": text}, timeout=10)

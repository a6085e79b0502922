package notify

const teamsWebhook = "https://tyrell.webhook.office.com/webhookb2/b9dc5649-533a-4728-b2b8-c89da22d3c29@3b853652-e221-4720-a732-263705eff1de/IncomingWebhook/332e03abbbdc47911aef58ea3d8b3150/3c8b456d-0534-4f18-a253-1dbefaac7c11"
const discordWebhook = "https://discord.com/api/webhooks/9847985686610262441/sM9IR1Kfj-Po1c3rtY0QBKDNSIdpeKzapOQ0BLW-oCaSmSII7hhod-RJbsuAfkYPr4s1"
const slackAppToken = "xapp-1-A0XB3YYF925-0362867744419-e030da00e8733cb7a54c4fd8ecf3b768b3c498e553aab0231724f00def85a448"

// A Slack app (Bolt) that deletes messages carrying a secret and tells their author privately why.
//
// Slack does not let apps block a message before it is posted, so this reacts right after: the bot
// deletes the message (this needs a user token of a workspace admin, because a bot token may only
// delete the bot's own messages) and posts an ephemeral note to the author, visible only to them.
//
//   SLACK_BOT_TOKEN=xoxb-... SLACK_SIGNING_SECRET=... SLACK_ADMIN_TOKEN=xoxp-... node examples/slack-bolt.js
'use strict';

const { Scanner } = require('..');

/**
 * Registers the leakguard listener on a Bolt app.
 * @param {import('@slack/bolt').App} app
 * @param {{ adminToken: string, scanner?: Scanner }} options
 */
function registerLeakguard(app, { adminToken, scanner = new Scanner() }) {
  app.message(async ({ message, client, logger }) => {
    if (message.subtype || typeof message.text !== 'string') return; // edits, joins, bots...
    const verdict = await scanner.checkAsync(message.text);
    if (verdict.action === 'allow') return;
    if (verdict.action === 'block') {
      await client.chat.delete({ channel: message.channel, ts: message.ts, token: adminToken });
    }
    await client.chat.postEphemeral({
      channel: message.channel,
      user: message.user,
      text: `${verdict.reason}\nYour message, masked: ${verdict.redacted}`,
    });
    logger.info(`leakguard: ${verdict.action} message ${message.ts} (${verdict.findings.map((f) => f.rule).join(', ')})`);
  });
}

module.exports = { registerLeakguard };

if (require.main === module) {
  const { App } = require('@slack/bolt');
  const app = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET });
  registerLeakguard(app, { adminToken: process.env.SLACK_ADMIN_TOKEN });
  app.start(Number(process.env.PORT || 3000)).then(() => console.log('leakguard Slack app running'));
}

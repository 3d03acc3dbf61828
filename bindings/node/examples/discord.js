// A discord.js `messageCreate` handler that deletes messages carrying a secret and warns the author
// by direct message. (Discord's AutoMod can block before sending, but only with simple keyword or
// regex rules; this handler uses the full detector, right after the message is posted.)
//
//   const { Client, Events, GatewayIntentBits } = require('discord.js');
//   const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages,
//                                         GatewayIntentBits.MessageContent] });
//   client.on(Events.MessageCreate, leakguardMessageHandler());
'use strict';

const { Scanner } = require('..');

/**
 * @param {{ scanner?: Scanner }} [options]
 * @returns {(message: import('discord.js').Message) => Promise<string>} resolves to the action taken
 */
function leakguardMessageHandler({ scanner = new Scanner() } = {}) {
  return async function onMessageCreate(message) {
    if (message.author?.bot || !message.content) return 'allow';
    const verdict = await scanner.checkAsync(message.content);
    if (verdict.action === 'allow') return 'allow';
    if (verdict.action === 'block' && message.deletable !== false) {
      await message.delete();
    }
    await message.author.send(`${verdict.reason}\nYour message, masked: ${verdict.redacted}`);
    return verdict.action;
  };
}

module.exports = { leakguardMessageHandler };

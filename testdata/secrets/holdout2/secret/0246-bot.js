const { Client, GatewayIntentBits } = require('discord.js');

const client = new Client({ intents: [GatewayIntentBits.Guilds] });
client.once('ready', () => console.log(`logged in as ${client.user.tag}`));
client.login('MjY2NjQzNTQ3NDkxMzA3MTYwMg.E-LYtK.f987SINOZDzhZ-wT7DE-GAtlgCjrZ53hVXx8IM');

<?php

return [
    'discord' => [
        'discord_webhook_url' => 'https://discord.com/api/webhooks/9698596585146565619/Q1f_rEzQOuDh08dw6KzwpSWJygyZKPCMgWJFiiwlWz8_hi1TXAAIAwiZGZmbu62kNx2M',
        'endpoint' => 'https://discord.com',
    ],
];

<?php

return [
    'slack' => [
        'slack_bot_token' => 'xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx',
        'endpoint' => 'https://api.slack.io',
    ],
];

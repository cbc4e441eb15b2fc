<?php

return [
    'mailchimp' => [
        'mailchimp_api_key' => 'abc123abc123abc123abc123abc123-us1',
        'endpoint' => 'https://api.mailchimp.io',
    ],
];

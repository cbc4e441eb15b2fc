<?php

return [
    'newrelic' => [
        'new_relic_admin_api_key' => 'NRAA-2e77c99708e86edc45adc63e86d',
        'endpoint' => 'https://api.newrelic.com/graphql',
    ],
];

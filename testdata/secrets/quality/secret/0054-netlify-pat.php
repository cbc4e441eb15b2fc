<?php

return [
    'netlify' => [
        'netlify_auth_token' => 'nfp_1xB1tb28w0w3p44Kk3l9rqA8kMKbaxgmroxSCY3S',
        'endpoint' => 'https://api.netlify.com/api/v1',
    ],
];

<?php

return [
    'shopify' => [
        'shopify_access_token' => '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',
        'endpoint' => 'https://harborview.myshopify.com/admin/api/2024-04',
    ],
];

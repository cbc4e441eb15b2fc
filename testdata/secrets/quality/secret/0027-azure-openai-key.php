<?php

return [
    'azure-openai' => [
        'azure_openai_api_key' => 'c4d2bdbd897c1a9456b02d6e7e8d3320',
        'endpoint' => 'https://foxglove-oai.openai.azure.com',
    ],
];

<?php

return [
    'pinecone' => [
        'pinecone_api_key' => '0eca56b3-604c-4504-b40c-6cfcef720b8e',
        'endpoint' => 'https://api.pinecone.io',
    ],
];

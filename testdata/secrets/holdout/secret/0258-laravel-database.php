<?php

return [
    'connections' => [
        'mysql' => [
            'host' => 'db.internal',
            'username' => 'forge',
            'password' => 'mc0yUw#uiVSChJA8-xV',
        ],
    ],
];

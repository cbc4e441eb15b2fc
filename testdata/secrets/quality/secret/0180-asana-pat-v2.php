<?php

return [
    'asana' => [
        'asana_pat' => '2/8586030228607197/3301015069118080:835bce5ed6c4fa330ef0eb1055f24cdc',
        'endpoint' => 'https://app.asana.com/api/1.0',
    ],
];

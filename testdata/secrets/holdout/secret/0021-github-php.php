<?php

return [
    'github' => [
        'client_secret' => '08e9df0b3f13052ba131525fa27a6abde3911a95',
    ],
];

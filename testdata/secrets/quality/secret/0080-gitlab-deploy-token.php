<?php

return [
    'gitlab' => [
        'ci_deploy_password' => 'gldt-0ReE3WRqPXg6ffAYkoSI',
        'endpoint' => 'https://gitlab.com/api/v4',
    ],
];

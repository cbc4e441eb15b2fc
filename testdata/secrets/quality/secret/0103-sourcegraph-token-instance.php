<?php

return [
    'sourcegraph' => [
        'src_access_token' => 'sgp_f796a9ff2794a02a_6450e9d70910e647bf86395d2076df35aa2227e8',
        'endpoint' => 'https://sourcegraph.quarrylane.com',
    ],
];

<?php

return [
    'replicate' => [
        'api_token' => 'r8_VYzBDU97KsC1ftecHVkge0uFtnhCI7JtRciWI',
    ],
];

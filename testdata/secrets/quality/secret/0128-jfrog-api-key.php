<?php

return [
    'artifactory' => [
        'artifactory_api_key' => 'AKCp9Y61bUp7kHWP757pTFIaA6Ta2ERRoORloDX0RjkOPmm4l68lmMHHlJG7MQ8JHHBb0qlv3',
        'endpoint' => 'https://meridian.jfrog.io/artifactory',
    ],
];

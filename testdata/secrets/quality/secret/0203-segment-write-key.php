<?php

return [
    'segment' => [
        'segment_write_key' => 'VFudueldufNnNMMQSdtQWEMhUIzYeurO',
        'endpoint' => 'https://api.segment.io/v1',
    ],
];

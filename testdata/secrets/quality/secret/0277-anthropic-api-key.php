<?php

return [
    'anthropic' => [
        'anthropic_api_key' => 'sk-ant-api03-Jqc6fzBkQFhVLITxFU0syjFjMWIh7DMT8ZZerecuKSgs05aWBrIvWIg5QZNjLmjcXiShOeWk2z4fQhQUOUE1fwfSw0i1VAA',
        'endpoint' => 'https://api.anthropic.com/v1',
    ],
];

<?php
return [
    'mailchimp' => [
        'api_key' => '068de32d0146efe954eb04040d170f01-us21',
        'list_id' => '585722596e',
        'double_opt_in' => true,
    ],
];

<?php
return [
    'connections' => ['testing' => ['driver' => 'sqlite', 'password' => 'secret']],
];

<?php
$mg = Mailgun::create('key-8e27c386fa96a64f838e923407ec0a32');
$chimp = new MailChimp('0625dd30a55ed9c7d1041cc63edb4941-us6');

<?php
require 'vendor/autoload.php';

$sendgrid = new \SendGrid('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');
$mail = new \SendGrid\Mail\Mail();
$mail->setFrom('no-reply@silverpine.app', 'Billing');
$sendgrid->send($mail);

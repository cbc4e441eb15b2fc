<?php
$headers = [
    'Authorization: key=AAAAmAr6ze8:APA91bV7Xcr6qXwyK7pHpySSkL6efSc0GOe5Xadk7QVxEreJUhkJ1CaUX2hUu4aDLhsjmWI_nzL9e3LKsnZQS7Z-Jw510GXvUOSJSNyIMlrSFNEpw1xPdDK4_9MR9RgblvSStNgk4cJw',
    'Content-Type: application/json',
];
$ch = curl_init('https://fcm.googleapis.com/fcm/send');

<?php
$pageToken = 'EAAGPmJfmZIcHuGHmWXCx7XhasJXEKqX8LNLzJVbhnncqBt1OIQRLQHRSNetVJyPA364BDmqtbjhjRfPyh7LoEh4oCPIegNBzSOYi7V3nCT4HKzD90ISkZJKvDfVaFK24YQ3Qe9KCRybmE12yaO5yinumk9xlmiOcPU3dCK03GHj6zrUFBoN5sGu';
$url = 'https://graph.facebook.com/v19.0/me/feed?access_token=' . $pageToken;
$posts = json_decode(file_get_contents($url), true);

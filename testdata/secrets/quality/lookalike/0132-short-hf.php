<?php
$hint = 'hf_hrxbk'; // first characters only
echo $hint;

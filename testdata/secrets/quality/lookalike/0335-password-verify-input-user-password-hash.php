<?php
if (!password_verify($input, $user->password_hash)) {
    throw new AuthException('Invalid credentials');
}

<?php

function commands($dir, $name) {
    // gatehouse-expect: php-command-injection
    system("tar czf backup.tgz " . $dir);
    // gatehouse-expect: php-command-injection
    $out = shell_exec($_GET['cmd']);
    // gatehouse-expect: php-command-injection
    $list = `ls $dir`;
    // gatehouse-ok: php-command-injection
    system("uptime");
    // gatehouse-ok: php-command-injection
    $out = shell_exec('df -h');
    // gatehouse-expect: php-eval
    eval($_POST['code']);
    // gatehouse-expect: php-eval
    assert($_GET['check']);
    // gatehouse-ok: php-eval
    eval('return 1;');
    // gatehouse-ok: php-eval
    assert($count > 0 === true, "count");
    // gatehouse-expect: php-preg-replace-e
    $s = preg_replace('/(.*)/e', 'strtoupper("\\1")', $name);
    // gatehouse-expect: php-preg-replace-e
    $s = preg_replace("#\w+#ie", '$1', $name);
    // gatehouse-ok: php-preg-replace-e
    $s = preg_replace('/(.*)/i', '$1', $name);
    // gatehouse-ok: php-preg-replace-e
    $s = preg_replace_callback('/(.*)/', 'upper', $name);
    // gatehouse-expect: php-include-user-input
    include $_GET['page'] . '.php';
    // gatehouse-expect: php-include-user-input
    require_once($_REQUEST['module']);
    // gatehouse-ok: php-include-user-input
    include 'header.php';
    // gatehouse-ok: php-include-user-input
    require_once __DIR__ . '/vendor/autoload.php';
    // gatehouse-expect: php-unserialize
    $obj = unserialize($_COOKIE['prefs']);
    // gatehouse-expect: php-unserialize
    $obj = unserialize(base64_decode($data));
    // gatehouse-ok: php-unserialize
    $obj = unserialize($data, ['allowed_classes' => false]);
    // gatehouse-ok: php-unserialize
    $obj = json_decode($data, true);
}

function crypto($password, $data, $key) {
    // gatehouse-expect: php-weak-hash-password
    $hash = md5($password);
    // gatehouse-expect: php-weak-hash-password
    // gatehouse-expect: php-insecure-random-token
    $token = sha1(uniqid());
    // gatehouse-ok: php-weak-hash-password
    $etag = md5($data);
    // gatehouse-ok: php-weak-hash-password
    $hash = password_hash($password, PASSWORD_DEFAULT);
    // gatehouse-expect: php-weak-cipher
    $c = openssl_encrypt($data, 'des-ede3-cbc', $key);
    // gatehouse-expect: php-weak-cipher
    $c = mcrypt_encrypt(MCRYPT_RIJNDAEL_128, $key, $data, MCRYPT_MODE_ECB);
    // gatehouse-expect: php-weak-cipher
    $c = openssl_encrypt($data, 'aes-128-ecb', $key);
    // gatehouse-ok: php-weak-cipher
    $c = openssl_encrypt($data, 'aes-256-gcm', $key, 0, $iv, $tag);
    // gatehouse-ok: php-weak-cipher
    $c = sodium_crypto_secretbox($data, $nonce, $key);
    // gatehouse-expect: php-insecure-random-token
    // gatehouse-expect: php-weak-hash-password
    $token = md5(mt_rand());
    // gatehouse-expect: php-insecure-random-token
    $resetKey = uniqid();
    // gatehouse-ok: php-insecure-random-token
    $token = bin2hex(random_bytes(32));
    // gatehouse-ok: php-insecure-random-token
    $dice = mt_rand(1, 6);
}

function http($ch, $url) {
    // gatehouse-expect: php-tls-verify-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
    // gatehouse-expect: php-tls-verify-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 0);
    $ctx = stream_context_create(['ssl' => [
        // gatehouse-expect: php-tls-verify-disabled
        'verify_peer' => false,
        // gatehouse-ok: php-tls-verify-disabled
        'cafile' => '/etc/ssl/internal.pem',
    ]]);
    // gatehouse-ok: php-tls-verify-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);
}

function db($user, $id, $name, $payload) {
    // gatehouse-expect: php-hardcoded-credentials
    $pdo = new PDO('mysql:host=db;dbname=app', 'app', 'Tr0ub4dor&3');
    // gatehouse-expect: php-hardcoded-credentials
    $link = mysqli_connect('db', 'app', 'hunter22!', 'app');
    // gatehouse-expect: php-hardcoded-credentials
    $jwt = JWT::encode($payload, 'my-signing-secret', 'HS256');
    // gatehouse-ok: php-hardcoded-credentials
    $pdo = new PDO($dsn, getenv('DB_USER'), getenv('DB_PASSWORD'));
    // gatehouse-ok: php-hardcoded-credentials
    $jwt = JWT::encode($payload, $privateKey, 'RS256');
    // gatehouse-expect: php-sql-string-building
    $r = mysqli_query($link, "SELECT * FROM users WHERE id = $id");
    // gatehouse-expect: php-sql-string-building
    $r = $pdo->query("SELECT * FROM users WHERE name = '" . $name . "'");
    // gatehouse-ok: php-sql-string-building
    $stmt = $pdo->prepare("SELECT * FROM users WHERE id = ?");
    // gatehouse-ok: php-sql-string-building
    $r = $pdo->query("SELECT COUNT(*) FROM users");
    // gatehouse-expect: php-jwt-none
    $claims = JWT::decode($token, $key, ['none', 'HS256']);
    // gatehouse-expect: php-jwt-none
    $claims = JWT::decode($token, new Key($key, 'none'));
    // gatehouse-ok: php-jwt-none
    $claims = JWT::decode($token, new Key($key, 'RS256'));
    // gatehouse-ok: php-jwt-none
    $claims = JWT::decode($token, $keys);
}

// gatehouse-expect: php-display-errors
ini_set('display_errors', '1');
// gatehouse-expect: php-display-errors
ini_set("display_errors", "On");
// gatehouse-ok: php-display-errors
ini_set('display_errors', '0');
// gatehouse-ok: php-display-errors
ini_set('log_errors', '1');

// gatehouse-expect: php-xxe
libxml_disable_entity_loader(false);
// gatehouse-expect: php-xxe
$doc = simplexml_load_string($xml, 'SimpleXMLElement', LIBXML_NOENT);
// gatehouse-ok: php-xxe
libxml_disable_entity_loader(true);
// gatehouse-ok: php-xxe
$doc = simplexml_load_string($xml, 'SimpleXMLElement', LIBXML_NONET);

// gatehouse-expect: php-reflected-xss
echo $_GET['name'];
// gatehouse-expect: php-reflected-xss
echo "<p>Hello " . $_POST['user'] . "</p>";
// gatehouse-ok: php-reflected-xss
echo htmlspecialchars($_GET['name'], ENT_QUOTES, 'UTF-8');
// gatehouse-ok: php-reflected-xss
echo $greeting;

// gatehouse-expect: php-cookie-insecure
setcookie('session', $sid);
// gatehouse-expect: php-cookie-insecure
setcookie('session', $sid, ['secure' => true, 'httponly' => false]);
// gatehouse-ok: php-cookie-insecure
setcookie('session', $sid, ['secure' => true, 'httponly' => true, 'samesite' => 'Lax']);
// gatehouse-ok: php-cookie-insecure
setcookie('session', $sid, time() + 3600, '/', '', true, true);

// gatehouse-expect: php-open-redirect
header('Location: ' . $_GET['next']);
// gatehouse-expect: php-open-redirect
header("Location: {$_REQUEST['url']}");
// gatehouse-ok: php-open-redirect
header('Location: /login');
// gatehouse-ok: php-open-redirect
header('Content-Type: application/json');

// gatehouse-expect: php-world-writable-chmod
chmod('/srv/uploads', 0777);
// gatehouse-expect: php-world-writable-chmod
mkdir($dir, 0666, true);
// gatehouse-ok: php-world-writable-chmod
chmod($path, 0600);
// gatehouse-ok: php-world-writable-chmod
mkdir($dir, 0750, true);

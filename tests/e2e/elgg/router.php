<?php
/**
 * Router for PHP's built-in server in front of an Elgg tree (what Elgg's .htaccess does under
 * Apache): existing non-PHP files are served as they are, /install.php and /upgrade.php run,
 * dot-files and composer files are refused, everything else goes to Elgg's index.php.
 *   php -S 127.0.0.1:PORT -t <elgg root> tests/e2e/elgg/router.php
 */
$root = $_SERVER['DOCUMENT_ROOT'];
$path = rawurldecode((string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
if (preg_match('~(^|/)\.|^/composer\.(json|lock)$~', $path) === 1) {
    http_response_code(403);
    return true;
}
if ($path === '/install.php' || $path === '/upgrade.php') {
    require $root . $path;
    return true;
}
if ($path !== '/' && is_file($root . $path) && substr($path, -4) !== '.php') {
    return false;
}
require $root . '/index.php';

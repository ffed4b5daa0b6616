<?php
/**
 * Autoloading for Elgg's own PHPUnit tests in an Elgg tree from ../shared/hosts, whose
 * vendor/autoload.php has no autoload-dev (Elgg's composer.json maps Elgg\\ to these test folders).
 * Run from the Elgg root: phpunit --prepend <this file> engine/tests/phpunit/plugins_integration/...
 */
$root = getcwd();
require $root . '/vendor/autoload.php';
spl_autoload_register(function (string $class) use ($root): void {
    if (strpos($class, 'Elgg\\') !== 0) {
        return;
    }
    $relative = str_replace('\\', '/', substr($class, 5)) . '.php';
    foreach (['engine/tests/classes/Elgg/', 'engine/tests/phpunit/integration/Elgg/',
        'engine/tests/phpunit/plugins_integration/Elgg/', 'engine/tests/phpunit/unit/Elgg/'] as $dir) {
        if (is_file("$root/$dir$relative")) {
            require "$root/$dir$relative";
            return;
        }
    }
});

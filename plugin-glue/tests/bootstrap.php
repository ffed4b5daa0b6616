<?php

// Loads Klussen\... classes from plugin-glue/classes/ the way Elgg's own autoloader does
// (namespace separators become directories), so the tests need no Composer.
error_reporting(E_ALL);

spl_autoload_register(function (string $class): void {
    if (strpos($class, 'Klussen\\') !== 0) {
        return;
    }
    $file = dirname(__DIR__) . '/classes/' . str_replace('\\', '/', $class) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
require __DIR__ . '/Servers.php';

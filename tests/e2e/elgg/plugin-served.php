<?php
/**
 * Boots the Elgg in the current directory as a web request would and checks that the klussen
 * plugin is served, not only marked active: its settings, group module and widget views and its
 * Dutch strings must be found. Prints what is missing and exits 1 otherwise.
 *   (cd <elgg root> && php plugin-served.php)
 */
require getcwd() . '/vendor/autoload.php';
\Elgg\Application::start();

$missing = [];
if (!elgg_is_active_plugin('klussen')) {
    $missing[] = 'the plugin is not in the booted plugin list';
}
foreach (['plugins/klussen/settings', 'groups/profile/module/klussen', 'widgets/klussen_voor_jou/content'] as $view) {
    if (!elgg_view_exists($view)) {
        $missing[] = "view {$view}";
    }
}
$key = 'widgets:klussen_voor_jou:name';
if (elgg_echo($key, [], 'nl') === $key) {
    $missing[] = "the Dutch string {$key}";
}
if ($missing) {
    fwrite(STDERR, 'not served: ' . implode('; ', $missing) . "\n");
    exit(1);
}
echo "klussen is served: views and strings found\n";

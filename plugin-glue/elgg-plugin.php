<?php
/**
 * Klussen for Elgg 4.x-6.x: every registration of the plugin in one place (the Elgg 1.8-2.x form
 * declares the same in elgg1/start.php). Elgg reads this file for inactive plugins too, before
 * the plugin's classes/ can be autoloaded: only `Foo::class` names may appear here, never
 * constants, static calls or `new` on the plugin's own classes (PluginStaticConfigTest checks
 * that the action list equals FormForwarder::ACTIONS).
 */

$actions = [];
foreach ([
    'save', 'apply', 'withdraw', 'transition', 'copy', 'decide', 'complete', 'invite',
    'portfolio_save', 'portfolio_item_add', 'portfolio_item_remove', 'portfolio_entry_add',
    'portfolio_entry_remove', 'portfolio_import_profile', 'portfolio_budget_request', 'portfolio_erase',
    'portfolio_import_linkedin', 'portfolio_import_badge', 'import_save',
] as $action) {
    $actions["klussen/$action"] = [];             // actions/klussen/<action>.php, logged in
}
$actions['klussen/test_connection'] = ['access' => 'admin'];

$page = [
    'controller' => \Klussen\Elgg\PageController::class,
    'middleware' => [\Elgg\Router\Middleware\Gatekeeper::class],
];

return [
    'plugin' => [
        'name' => 'Klussen',
        'version' => '0.1.0',
        'activate_on_install' => false,
        'dependencies' => ['groups' => []],
    ],
    'bootstrap' => \Klussen\Elgg\Bootstrap::class,
    'settings' => [
        'sidecar_url' => 'http://127.0.0.1:8377',
        'key_id' => 'k1',
        'connect_timeout_ms' => 1000,
        'timeout_ms' => 3000,
    ],
    'actions' => $actions,
    'routes' => [
        // klussen/group/<guid>, view|edit|responses|candidates/<klus id>, add/<group guid>
        'default:klussen' => $page + [
            'path' => '/klussen/{segment}/{id}',
            'requirements' => ['segment' => 'group|view|add|edit|responses|candidates', 'id' => '\d+'],
        ],
        // klussen/mine, klussen/voor-jou (the site menu's "Klussen")
        'collection:klussen:own' => $page + [
            'path' => '/klussen/{segment}',
            'requirements' => ['segment' => 'mine|voor-jou'],
        ],
        // klussen/portfolio/edit, preview, import (the member's own portfolio)
        'default:klussen:portfolio' => $page + [
            'path' => '/klussen/portfolio/{page}',
            'defaults' => ['segment' => 'portfolio'],
            'requirements' => ['page' => 'edit|preview|import'],
        ],
        // klussen/portfolio/export: a JSON download, not a page
        'default:klussen:portfolio_export' => [
            'path' => '/klussen/portfolio/export',
            'controller' => \Klussen\Elgg\ExportController::class,
            'middleware' => [\Elgg\Router\Middleware\Gatekeeper::class],
        ],
    ],
    'group_tools' => [
        'klussen' => ['default_on' => true],
    ],
    'widgets' => [
        'klussen_voor_jou' => ['context' => ['dashboard']],
        'klussen_portfolio' => ['context' => ['profile']],
    ],
    'view_extensions' => [
        'elgg.css' => ['klussen/css' => []],
        'admin.css' => ['klussen/css' => []],     // the settings form
    ],
];

<?php
/**
 * Klussen for Elgg 4.x-6.x: registrations only (see start.php for 1.8-1.12). The routes, actions,
 * widgets and group tool use the same core classes as the 1.x form.
 */

use Klussen\Core\FormForwarder;
use Klussen\Elgg\Bootstrap;
use Klussen\Elgg\ExportController;

$actions = [];
foreach (FormForwarder::ACTIONS as $action) {
    $actions["klussen/$action"] = [];             // actions/klussen/<action>.php, logged in
}
$actions['klussen/test_connection'] = ['access' => 'admin'];

return [
    'plugin' => [
        'name' => 'Klussen',
        'version' => '0.1.0',
        'activate_on_install' => false,
        'dependencies' => ['groups' => []],
    ],
    'bootstrap' => Bootstrap::class,
    'settings' => [
        'sidecar_url' => 'http://127.0.0.1:8377',
        'key_id' => 'k1',
        'connect_timeout_ms' => 1000,
        'timeout_ms' => 3000,
    ],
    'actions' => $actions,
    'routes' => [
        'default:klussen' => [
            'path' => '/klussen/{segment}/{id?}',
            'resource' => 'klussen/page',
            'requirements' => ['segment' => 'group|view|add|edit|responses|mine|voor-jou|candidates', 'id' => '\d+'],
            'middleware' => [\Elgg\Router\Middleware\Gatekeeper::class],
        ],
        // klussen/portfolio/edit, preview, import (the member's own portfolio)
        'default:klussen:portfolio' => [
            'path' => '/klussen/portfolio/{page}',
            'resource' => 'klussen/page',
            'defaults' => ['segment' => 'portfolio'],
            'requirements' => ['page' => 'edit|preview|import'],
            'middleware' => [\Elgg\Router\Middleware\Gatekeeper::class],
        ],
        // klussen/portfolio/export: a JSON download, not a page
        'default:klussen:portfolio_export' => [
            'path' => '/klussen/portfolio/export',
            'controller' => ExportController::class,
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
    ],
];

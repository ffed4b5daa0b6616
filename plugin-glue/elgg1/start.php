<?php
/**
 * Klussen for Elgg 1.8-1.12: registrations only. Everything else is in classes/Klussen/Core
 * (plain PHP, shared with the Elgg 4.x-6.x form in elgg-plugin.php) and classes/Klussen/Elgg.
 */

// Elgg 1.8 autoloads only plain class files from classes/; namespaced ones are loaded here.
spl_autoload_register(function ($class) {
    if (strpos($class, 'Klussen\\') === 0) {
        $file = __DIR__ . '/classes/' . str_replace('\\', '/', $class) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

elgg_register_event_handler('init', 'system', 'klussen_init');

function klussen_init()
{
    // 1.8 reads languages/*.php through add_translation; 1.9+ takes the returned arrays itself.
    if (!function_exists('elgg_get_version') || version_compare((string) elgg_get_version(true), '1.9', '<')) {
        foreach (['nl', 'en'] as $language) {
            add_translation($language, include __DIR__ . "/languages/$language.php");
        }
    }

    elgg_extend_view('css/elgg', 'klussen/css');

    // The group tool option (stored as the group's klussen_enable metadata, read by the sidecar).
    add_group_tool_option('klussen', elgg_echo('klussen:group_tool'), true);
    elgg_extend_view('groups/tool_latest', 'klussen/group_module');

    elgg_register_page_handler('klussen', 'klussen_page_handler');
    elgg_register_plugin_hook_handler('register', 'menu:owner_block', 'klussen_owner_block_menu');
    elgg_register_plugin_hook_handler('setting', 'plugin', 'klussen_setting_hook');

    elgg_register_widget_type('klussen_voor_jou', elgg_echo('klussen:widget:foryou'),
        elgg_echo('klussen:widget:foryou:description'), 'dashboard');
    elgg_register_widget_type('klussen_portfolio', elgg_echo('klussen:widget:portfolio'),
        elgg_echo('klussen:widget:portfolio:description'), 'profile');

    $actions = __DIR__ . '/actions/klussen';
    foreach (\Klussen\Core\FormForwarder::ACTIONS as $action) {
        elgg_register_action("klussen/$action", "$actions/$action.php");
    }
    elgg_register_action('klussen/test_connection', "$actions/test_connection.php", 'admin');
}

/**
 * klussen/group/<guid>, klussen/view/<id>, klussen/add/<group guid>, klussen/edit/<id>,
 * klussen/responses/<id>, klussen/mine, klussen/voor-jou, klussen/candidates/<id>,
 * klussen/portfolio/edit|preview|import and the download klussen/portfolio/export
 */
function klussen_page_handler($page)
{
    return \Klussen\Elgg\Glue::pageHandler(is_array($page) ? $page : []);
}

/** "Klussen" in a group's owner block, where the group tool is on. */
function klussen_owner_block_menu($hook, $type, $return, $params)
{
    $group = isset($params['entity']) ? $params['entity'] : null;
    if ($group instanceof ElggGroup && \Klussen\Elgg\Glue::toolEnabled($group)) {
        $return[] = new ElggMenuItem('klussen', elgg_echo('klussen'), "klussen/group/{$group->guid}");
    }
    return $return;
}

/** An empty secret field keeps the stored secret. */
function klussen_setting_hook($hook, $type, $value, $params)
{
    return \Klussen\Elgg\Glue::filterSetting(
        isset($params['name']) ? (string) $params['name'] : '',
        $value,
        isset($params['plugin_id']) ? (string) $params['plugin_id'] : ''
    );
}

<?php

namespace Klussen\Elgg;

/**
 * Elgg 4.x-6.x bootstrap: the menu items and the settings filter (routes, actions, widgets and
 * the group tool are declared in elgg-plugin.php). Elgg 5 turned plugin hooks into events and
 * keeps the hook functions only as deprecated wrappers, so the handlers below are registered as
 * events on 5.x+ (which has elgg_trigger_event_results(); \Elgg\Hook is only an alias of
 * \Elgg\Event there) and as hooks on 4.x, never both.
 */
class Bootstrap extends \Elgg\DefaultPluginBootstrap
{
    /** [name, type, handler]: every menu and filter handler of the plugin. */
    private const HANDLERS = [
        ['register', 'menu:site', [Menus::class, 'site']],
        ['register', 'menu:topbar', [Menus::class, 'topbar']],
        ['register', 'menu:owner_block', [Menus::class, 'ownerBlock']],
        ['register', 'menu:page', [Menus::class, 'page']],
        ['setting', 'plugin', [self::class, 'settingFilter']],
    ];

    public function init()
    {
        $hooks = !function_exists('elgg_trigger_event_results');     // Elgg 4.x
        foreach (self::HANDLERS as [$name, $type, $handler]) {
            if ($hooks) {
                elgg_register_plugin_hook_handler($name, $type, $handler);
            } else {
                elgg_register_event_handler($name, $type, $handler);
            }
        }
    }

    /**
     * "Klussen voor jou" on new members' dashboards: Elgg copies the site's default dashboard
     * widgets to a user at their first login (the dashboard plugin's default widgets, which the
     * operator can change under Appearance -> Default widgets).
     */
    public function activate()
    {
        DefaultWidgets::offerForYou();
    }

    /**
     * @param \Elgg\Event|\Elgg\Hook $event
     */
    public static function settingFilter($event)
    {
        return Glue::filterSetting(
            (string) $event->getParam('name'),
            $event->getValue(),
            (string) $event->getParam('plugin_id')
        );
    }
}

<?php

namespace Klussen\Elgg;

/**
 * Elgg 4.x-6.x bootstrap: the menu item and the settings filter. (Routes, actions, widgets and
 * the group tool are declared in elgg-plugin.php.) Hooks became events in 5.0: both are handled.
 */
class Bootstrap extends \Elgg\DefaultPluginBootstrap
{
    public function init()
    {
        if (function_exists('elgg_register_plugin_hook_handler')) {      // 4.x
            elgg_register_plugin_hook_handler('register', 'menu:owner_block', [self::class, 'ownerBlockMenu']);
            elgg_register_plugin_hook_handler('setting', 'plugin', [self::class, 'settingFilter']);
        } else {                                                        // 5.x, 6.x
            elgg_register_event_handler('register', 'menu:owner_block', [self::class, 'ownerBlockMenu']);
            elgg_register_event_handler('setting', 'plugin', [self::class, 'settingFilter']);
        }
    }

    /**
     * @param \Elgg\Hook|\Elgg\Event $event
     */
    public static function ownerBlockMenu($event)
    {
        $group = $event->getEntityParam();
        $items = $event->getValue();
        if ($group instanceof \ElggGroup && Glue::toolEnabled($group)) {
            $items[] = \ElggMenuItem::factory([
                'name' => 'klussen',
                'text' => elgg_echo('klussen'),
                'href' => elgg_generate_url('default:klussen', ['segment' => 'group', 'id' => $group->guid]),
            ]);
        }
        return $items;
    }

    /**
     * @param \Elgg\Hook|\Elgg\Event $event
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

<?php

namespace Klussen\Elgg;

/**
 * Elgg 4.x-6.x: "Klussen voor jou" as one of the site's default dashboard widgets. Default
 * widgets are widget entities owned by the site; Elgg copies them to a member's dashboard at the
 * member's first login (Elgg\Widgets\CreateDefaultWidgetsHandler, registered by the dashboard
 * plugin). Existing dashboards are left alone: their owners add the widget themselves.
 */
final class DefaultWidgets
{
    public const HANDLER = 'klussen_voor_jou';
    public const CONTEXT = 'dashboard';

    /** Adds the widget to the default dashboard once; an operator who removed it keeps it removed. */
    public static function offerForYou(): void
    {
        $site = elgg_get_site_entity();
        if (!$site || elgg_get_plugin_setting('default_widget_offered', Glue::PLUGIN_ID) === '1') {
            return;
        }
        elgg_call(ELGG_IGNORE_ACCESS, function () use ($site) {
            $existing = elgg_count_entities([
                'type' => 'object',
                'subtype' => 'widget',
                'owner_guid' => $site->guid,
                'metadata_name_value_pairs' => [
                    ['name' => 'handler', 'value' => self::HANDLER],
                    ['name' => 'context', 'value' => self::CONTEXT],
                ],
            ]);
            if ($existing === 0) {
                $widget = new \ElggWidget();
                $widget->owner_guid = $site->guid;
                $widget->container_guid = $site->guid;
                $widget->access_id = ACCESS_LOGGED_IN;
                if (!$widget->save()) {
                    return;
                }
                $widget->handler = self::HANDLER;
                $widget->context = self::CONTEXT;
                $widget->column = 1;
                $widget->order = -10;   // above the widgets Elgg's own plugins offer
            }
        });
        $plugin = elgg_get_plugin_from_id(Glue::PLUGIN_ID);
        if ($plugin) {
            $plugin->setSetting('default_widget_offered', '1');
        }
    }
}

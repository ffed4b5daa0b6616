<?php

namespace Klussen\Elgg;

/**
 * Elgg 4.x-6.x menu items (registered by Bootstrap as events on 5.x+, hooks on 4.x):
 *  - site menu: "Klussen" (klussen/voor-jou) for logged-in members;
 *  - topbar account menu: "Mijn portfolio" and "Mijn klussen";
 *  - a group's owner block: "Klussen" where the group tool is on;
 *  - the page menu (sidebar) on the member's own klussen pages: voor jou, mine, portfolio,
 *    preview, import, export.
 */
final class Menus
{
    /** @param \Elgg\Event|\Elgg\Hook $event */
    public static function site($event)
    {
        $items = $event->getValue();
        if (elgg_is_logged_in()) {
            $items[] = \ElggMenuItem::factory([
                'name' => 'klussen',
                'icon' => 'briefcase',
                'text' => elgg_echo('klussen'),
                'href' => elgg_generate_url('collection:klussen:own', ['segment' => 'voor-jou']),
            ]);
        }
        return $items;
    }

    /** @param \Elgg\Event|\Elgg\Hook $event */
    public static function topbar($event)
    {
        $items = $event->getValue();
        if (!elgg_is_logged_in()) {
            return $items;
        }
        $items[] = \ElggMenuItem::factory([
            'name' => 'klussen_portfolio',
            'icon' => 'id-card',
            'text' => elgg_echo('klussen:menu:portfolio'),
            'href' => elgg_generate_url('default:klussen:portfolio', ['page' => 'edit']),
            'parent_name' => 'account',
            'section' => 'alt',
            'priority' => 150,
        ]);
        $items[] = \ElggMenuItem::factory([
            'name' => 'klussen_mine',
            'icon' => 'briefcase',
            'text' => elgg_echo('klussen:mine'),
            'href' => elgg_generate_url('collection:klussen:own', ['segment' => 'mine']),
            'parent_name' => 'account',
            'section' => 'alt',
            'priority' => 160,
        ]);
        return $items;
    }

    /** @param \Elgg\Event|\Elgg\Hook $event */
    public static function ownerBlock($event)
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

    /** @param \Elgg\Event|\Elgg\Hook $event */
    public static function page($event)
    {
        $items = $event->getValue();
        if (!elgg_in_context('klussen') || !elgg_is_logged_in()) {
            return $items;
        }
        // On a group's klussen page the sidebar shows the group's owner block instead.
        if (elgg_get_page_owner_entity() instanceof \ElggGroup) {
            return $items;
        }
        $links = [
            'klussen_voor_jou' => ['klussen:voor-jou', elgg_generate_url('collection:klussen:own', ['segment' => 'voor-jou'])],
            'klussen_mine' => ['klussen:mine', elgg_generate_url('collection:klussen:own', ['segment' => 'mine'])],
            'klussen_portfolio' => ['klussen:portfolio:edit', elgg_generate_url('default:klussen:portfolio', ['page' => 'edit'])],
            'klussen_preview' => ['klussen:portfolio:preview', elgg_generate_url('default:klussen:portfolio', ['page' => 'preview'])],
            'klussen_import' => ['klussen:portfolio:import', elgg_generate_url('default:klussen:portfolio', ['page' => 'import'])],
            'klussen_export' => ['klussen:portfolio:export', elgg_generate_url('default:klussen:portfolio_export')],
        ];
        $priority = 100;
        foreach ($links as $name => [$key, $href]) {
            $items[] = \ElggMenuItem::factory([
                'name' => $name,
                'text' => elgg_echo($key),
                'href' => $href,
                'priority' => $priority++,
            ]);
        }
        return $items;
    }
}

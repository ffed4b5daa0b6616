<?php
/**
 * Profile widget "Portfolio" of the profile's owner (what the viewer may see of it).
 */
$widget = elgg_extract('entity', $vars);
echo \Klussen\Elgg\Glue::widgetPortfolio($widget ? (int) $widget->owner_guid : 0);

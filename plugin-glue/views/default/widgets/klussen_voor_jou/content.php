<?php
/**
 * Dashboard widget "Klussen voor jou": open klussen that fit the viewer's portfolio, each with
 * the reasons (/widgets/klussen/voor-jou); the sidecar links to the page klussen/voor-jou when
 * there are more.
 */
echo \Klussen\Elgg\Glue::widgetForYou();

<?php
/**
 * Dashboard widget "Klussen voor jou". The sidecar has no matching route yet (another issue):
 * until then it lists the klussen the viewer takes part in (/widgets/klussen/mine?list=involved).
 */
echo \Klussen\Elgg\Glue::widgetForYou();

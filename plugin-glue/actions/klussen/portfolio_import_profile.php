<?php
/**
 * Action klussen/portfolio_import_profile: Elgg has checked the CSRF token; the core forwards the form to the
 * sidecar and maps the answer to a message and a redirect (1.x forwards, 4.x+ uses the return).
 */
return \Klussen\Elgg\Glue::action('portfolio_import_profile');

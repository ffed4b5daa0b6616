<?php
/**
 * Admin action klussen/test_connection: shows the sidecar's /readyz and whether a signed call
 * with the configured key is accepted.
 */
return \Klussen\Elgg\Glue::testConnection();

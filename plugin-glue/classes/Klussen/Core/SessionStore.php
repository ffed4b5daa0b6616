<?php

namespace Klussen\Core;

/**
 * The host's session, as far as the glue needs it between an action and the page it redirects
 * to (an import preview waiting for "save"). Elgg's session in the plugin, $_SESSION in the
 * stand-in host, an array in the tests.
 */
interface SessionStore
{
    /** @return mixed|null null when nothing is stored under $name */
    public function get(string $name);

    /** @param mixed $value */
    public function set(string $name, $value): void;

    public function remove(string $name): void;
}

<?php

namespace Klussen\Elgg;

use Klussen\Core\SessionStore;

/**
 * Elgg's session as the core's SessionStore: elgg_get_session() where it exists (1.9+),
 * $_SESSION in 1.8.
 */
final class ElggSessionStore implements SessionStore
{
    public function get(string $name)
    {
        if (function_exists('elgg_get_session')) {
            return elgg_get_session()->get($name);
        }
        return isset($_SESSION[$name]) ? $_SESSION[$name] : null;
    }

    public function set(string $name, $value): void
    {
        if (function_exists('elgg_get_session')) {
            elgg_get_session()->set($name, $value);
            return;
        }
        $_SESSION[$name] = $value;
    }

    public function remove(string $name): void
    {
        if (function_exists('elgg_get_session')) {
            elgg_get_session()->remove($name);
            return;
        }
        unset($_SESSION[$name]);
    }
}

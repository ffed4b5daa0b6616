<?php

namespace Klussen\Core;

/**
 * A SessionStore over a PHP array held by reference ($_SESSION, or a plain array in tests).
 */
final class ArraySessionStore implements SessionStore
{
    /** @var array<string, mixed> */
    private $data;

    /**
     * @param array<string, mixed> $data e.g. $_SESSION; changes are written to it
     */
    public function __construct(array &$data)
    {
        $this->data = &$data;
    }

    public function get(string $name)
    {
        return isset($this->data[$name]) ? $this->data[$name] : null;
    }

    public function set(string $name, $value): void
    {
        $this->data[$name] = $value;
    }

    public function remove(string $name): void
    {
        unset($this->data[$name]);
    }
}

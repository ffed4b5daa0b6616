<?php

namespace Klussen\Core;

/**
 * A piece of HTML to place in a host page, and the HTTP status the page should answer with.
 */
final class Fragment
{
    /** @var string */
    private $html;
    /** @var int */
    private $status;
    /** @var bool */
    private $available;

    public function __construct(string $html, int $status, bool $available = true)
    {
        $this->html = $html;
        $this->status = $status;
        $this->available = $available;
    }

    public function html(): string
    {
        return $this->html;
    }

    /** 200 for a fragment; 403/404 for a notice; 503 when the sidecar was unavailable. */
    public function status(): int
    {
        return $this->status;
    }

    public function isAvailable(): bool
    {
        return $this->available;
    }

    public function isOk(): bool
    {
        return $this->status === 200;
    }
}

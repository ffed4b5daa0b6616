<?php

namespace Klussen\Core;

use RuntimeException;

/**
 * The sidecar could not be reached or did not answer in time. The host page still renders: the
 * embedder shows the UnavailableBlock instead of the fragment.
 */
final class SidecarUnavailable extends RuntimeException
{
    public const REFUSED = 'refused';
    public const TIMEOUT = 'timeout';
    public const RESET = 'reset';
    public const PROTOCOL = 'protocol';
    public const CONFIG = 'config';
    public const SERVICE = 'service_unavailable';

    /** @var string */
    private $reason;

    public function __construct(string $reason, string $message)
    {
        parent::__construct($message);
        $this->reason = $reason;
    }

    public function reason(): string
    {
        return $this->reason;
    }
}

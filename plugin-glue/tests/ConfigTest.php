<?php

namespace Klussen\Tests;

use Klussen\Core\Config;
use PHPUnit\Framework\TestCase;

final class ConfigTest extends TestCase
{
    public function testSettingsWithDefaults(): void
    {
        $config = Config::fromSettings(['auth_secret' => str_repeat('s', 40), 'sidecar_url' => 'http://127.0.0.1:9000/']);
        $this->assertSame('http://127.0.0.1:9000', $config->sidecarUrl());
        $this->assertSame('k1', $config->keyId());
        $this->assertSame(Config::DEFAULT_TIMEOUT_MS, $config->timeoutMs());
        $this->assertSame([], $config->problems());
    }

    public function testTheSecretIsNeverShownInFull(): void
    {
        $secret = 'abcdefghijklmnopqrstuvwxyz0123456789';
        $config = new Config('http://127.0.0.1:8377', 'k1', $secret);
        $this->assertStringNotContainsString('abcdefgh', $config->maskedSecret());
        $this->assertStringEndsWith('6789 (36)', $config->maskedSecret());
        $this->assertStringNotContainsString($secret, print_r($config, true));
        $this->assertStringNotContainsString('abcdef', var_export($config->__debugInfo(), true));
    }

    public function testBadSettingsAreReportedNotThrown(): void
    {
        $config = Config::fromSettings(['sidecar_url' => 'ftp://x', 'key_id' => 'bad id!', 'auth_secret' => 'short',
            'timeout_ms' => '-5']);
        $this->assertCount(3, $config->problems());
        $this->assertSame(1, $config->timeoutMs());
        foreach ($config->problems() as $problem) {
            $this->assertStringNotContainsString('short', $problem);
        }
    }
}

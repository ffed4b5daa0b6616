<?php

namespace Klussen\Tests;

use Klussen\Core\Config;
use Klussen\Core\SidecarClient;
use Klussen\Core\SidecarUnavailable;
use Klussen\Core\Viewer;
use PHPUnit\Framework\TestCase;

/**
 * The client against real HTTP servers: signing, timeouts, refused connections, and exactly one
 * retry on a reset connection for reads only.
 */
final class SidecarClientTest extends TestCase
{
    /** @var string */
    private static $url;
    /** @var string */
    private static $log;

    public static function setUpBeforeClass(): void
    {
        [self::$url, self::$log] = Servers::startStub();
    }

    public static function tearDownAfterClass(): void
    {
        Servers::stopAll();
    }

    private static function client(string $url, int $timeoutMs = 3000, string $secret = Servers::SECRET): SidecarClient
    {
        return new SidecarClient(new Config($url, 'k1', $secret, 500, $timeoutMs, 1));
    }

    private function expectUnavailable(callable $call, string $reason): SidecarUnavailable
    {
        try {
            $call();
        } catch (SidecarUnavailable $e) {
            $this->assertSame($reason, $e->reason(), $e->getMessage());
            return $e;
        }
        $this->fail('expected SidecarUnavailable(' . $reason . ')');
    }

    public function testSignsTheViewerContextSoTheServerCanVerifyIt(): void
    {
        $response = self::client(self::$url)->request('GET', '/echo?b=2&a=1', new Viewer(7, 'en'));
        $this->assertSame(200, $response->status());
        $seen = Servers::lastRequest(self::$log);
        $this->assertTrue($seen['verified']);
        $this->assertSame('7', $seen['headers']['x-klussen-viewer']);
        $this->assertSame('en', $seen['headers']['x-klussen-language']);
        $this->assertSame('1', $seen['headers']['x-klussen-site']);
        $this->assertSame('k1', $seen['headers']['x-klussen-key-id']);
        $this->assertSame('/echo?b=2&a=1', $seen['target']);
    }

    public function testEveryRequestHasAFreshNonce(): void
    {
        $client = self::client(self::$url);
        $client->request('GET', '/echo', new Viewer(0, 'nl'));
        $first = Servers::lastRequest(self::$log)['headers']['x-klussen-nonce'];
        $client->request('GET', '/echo', new Viewer(0, 'nl'));
        $second = Servers::lastRequest(self::$log)['headers']['x-klussen-nonce'];
        $this->assertMatchesRegularExpression('/\A[0-9a-f]{32}\z/', $first);
        $this->assertNotSame($first, $second);
    }

    public function testSendsAJsonBodyWithItsLength(): void
    {
        $body = '{"motivation":"Ik help graag – één keer"}';
        $response = self::client(self::$url)->request('POST', '/echo', new Viewer(6, 'nl'), $body);
        $this->assertSame(200, $response->status());
        $seen = Servers::lastRequest(self::$log);
        $this->assertTrue($seen['verified']);
        $this->assertSame($body, $seen['body']);
        $this->assertStringStartsWith('application/json', $seen['headers']['content-type']);
    }

    public function testAWrongSecretIsAnAnswerNotAnException(): void
    {
        $response = self::client(self::$url, 3000, str_repeat('x', 32))->request('GET', '/echo', new Viewer(1, 'nl'));
        $this->assertSame(401, $response->status());
        $this->assertSame('unauthenticated', $response->errorCode());
    }

    public function testARefusedConnectionIsUnavailable(): void
    {
        $url = 'http://127.0.0.1:' . Servers::freePort();
        $this->expectUnavailable(function () use ($url): void {
            self::client($url)->request('GET', '/echo', new Viewer(1, 'nl'));
        }, SidecarUnavailable::REFUSED);
    }

    public function testASlowAnswerTimesOutWithinTheConfiguredTime(): void
    {
        [$url] = Servers::startStub();   // its own: it stays busy with the slow answer
        $started = microtime(true);
        $this->expectUnavailable(function () use ($url): void {
            self::client($url, 300)->request('GET', '/slow?ms=3000', new Viewer(1, 'nl'));
        }, SidecarUnavailable::TIMEOUT);
        $this->assertLessThan(2.0, microtime(true) - $started);
    }

    public function testA503IsUnavailable(): void
    {
        $this->expectUnavailable(function (): void {
            self::client(self::$url)->request('GET', '/status/503', new Viewer(1, 'nl'));
        }, SidecarUnavailable::SERVICE);
    }

    public function testOtherErrorsAreAnswers(): void
    {
        $response = self::client(self::$url)->request('GET', '/status/409', new Viewer(1, 'nl'));
        $this->assertSame(409, $response->status());
        $this->assertFalse($response->isSuccess());
    }

    public function testBadSettingsAreUnavailableNotAFatalError(): void
    {
        $this->expectUnavailable(function (): void {
            self::client('not a url')->request('GET', '/echo', new Viewer(1, 'nl'));
        }, SidecarUnavailable::CONFIG);
        $this->expectUnavailable(function (): void {
            self::client(self::$url, 3000, 'short')->request('GET', '/echo', new Viewer(1, 'nl'));
        }, SidecarUnavailable::CONFIG);
    }

    public function testAReadIsRetriedOnceAfterAReset(): void
    {
        [$url, $count] = Servers::startResetServer(1);
        $client = self::client($url);
        $response = $client->request('GET', '/api/v1/me', new Viewer(1, 'nl'));
        $this->assertSame(200, $response->status());
        $this->assertSame(['connection' => 2], $response->json());
        $this->assertSame(2, $client->lastAttempts());
        $this->assertSame('2', file_get_contents($count));
    }

    public function testAReadIsRetriedOnlyOnce(): void
    {
        [$url, $count] = Servers::startResetServer(2);
        $client = self::client($url);
        $this->expectUnavailable(function () use ($client): void {
            $client->request('GET', '/api/v1/me', new Viewer(1, 'nl'));
        }, SidecarUnavailable::RESET);
        $this->assertSame(2, $client->lastAttempts());
        $this->assertSame('2', file_get_contents($count));
    }

    public function testAWriteIsNeverRetried(): void
    {
        [$url, $count] = Servers::startResetServer(1);
        $client = self::client($url);
        $this->expectUnavailable(function () use ($client): void {
            $client->request('POST', '/api/v1/klussen/1/apply', new Viewer(1, 'nl'), '{"motivation":"x"}');
        }, SidecarUnavailable::RESET);
        $this->assertSame(1, $client->lastAttempts());
        $this->assertSame('1', file_get_contents($count));
    }

    public function testReadyzNeedsNoSignature(): void
    {
        $response = self::client(self::$url)->getUnsigned('/readyz');
        $this->assertSame(200, $response->status());
        $this->assertSame(['status' => 'ready'], $response->json());
    }
}
